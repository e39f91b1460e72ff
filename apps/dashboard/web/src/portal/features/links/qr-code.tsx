import { useMemo } from 'react';
import { encode } from 'uqr';

/**
 * A QR code drawn here as SVG (uqr, MIT, bundled): nothing is fetched from elsewhere, so it works
 * offline and under the portal's Content-Security-Policy. Black on white with a quiet zone, as scanners expect.
 */
export default function QrCode({ value, title }: { value: string; title: string }) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: 'M', border: 0 });
    let d = '';
    qr.data.forEach((row, y) => row.forEach((dark, x) => (d += dark ? `M${x} ${y}h1v1h-1z` : '')));
    return { size: qr.size, path: d };
  }, [value]);
  const quiet = 4;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={title}
      data-testid="qr-code"
      viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
      width={168}
      height={168}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
