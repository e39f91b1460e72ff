import { AddressInfo, createServer, Server, Socket } from 'node:net';

/** A message as the receiver took it: its envelope, the credentials it signed in with, and its text (headers and body). */
export interface ReceivedMail {
  from: string;
  to: string[];
  auth: { user: string; password: string } | null;
  data: string;
}

export interface SmtpReceiverOptions {
  /** An answer to every RCPT TO, e.g. `550 5.1.1 No such user here`; accepted when unset. */
  refuseRecipient?: string;
  /** Accept the connection and say nothing: a mail server that hangs. */
  silent?: boolean;
}

/**
 * A mail server on loopback for tests: enough of RFC 5321 (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT) to take a real SMTP conversation from nodemailer and record each message.
 */
export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly options: SmtpReceiverOptions,
  ) {}

  static async start(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
    const server = createServer();
    const receiver = new SmtpReceiver(server, options);
    server.on('connection', (socket) => receiver.converse(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `smtp://[user:password@]127.0.0.1:PORT`. */
  url(credentials?: { user: string; password: string }): string {
    const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private converse(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.options.silent) return;
    const say = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let awaitingAuth = false;
    let mail: ReceivedMail = { from: '', to: [], auth: null, data: '' };
    let auth: ReceivedMail['auth'] = null;
    const signIn = (encoded: string) => {
      // AUTH PLAIN: authorization identity NUL user NUL password.
      const [, user, password] = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
      auth = { user, password };
      say('235 2.7.0 Authentication successful');
    };
    say('220 127.0.0.1 ESMTP test receiver');
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          // Undo dot-stuffing (RFC 5321 4.5.2).
          mail.data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          this.messages.push(mail);
          mail = { from: '', to: [], auth, data: '' };
          say('250 2.0.0 Ok: queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (awaitingAuth) {
          awaitingAuth = false;
          signIn(line);
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') {
          say('250-127.0.0.1 greets you');
          say('250-8BITMIME');
          say('250 AUTH PLAIN');
        } else if (verb === 'HELO') say('250 127.0.0.1');
        else if (verb === 'AUTH') {
          const [, mechanism, initial] = line.split(' ');
          if (mechanism?.toUpperCase() !== 'PLAIN') say('504 5.5.4 Unrecognized authentication type');
          else if (initial) signIn(initial);
          else {
            awaitingAuth = true;
            say('334 ');
          }
        } else if (verb === 'MAIL') {
          mail = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [], auth, data: '' };
          say('250 2.1.0 Ok');
        } else if (verb === 'RCPT') {
          if (this.options.refuseRecipient) say(this.options.refuseRecipient);
          else {
            mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
            say('250 2.1.5 Ok');
          }
        } else if (verb === 'DATA') {
          if (mail.to.length === 0) say('554 5.5.1 Error: no valid recipients');
          else {
            inData = true;
            say('354 End data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          mail = { from: '', to: [], auth, data: '' };
          say('250 2.0.0 Ok');
        } else if (verb === 'NOOP') say('250 2.0.0 Ok');
        else if (verb === 'QUIT') {
          say('221 2.0.0 Bye');
          socket.end();
          return;
        } else say('502 5.5.2 Error: command not recognized');
      }
    });
  }
}

/** A message's header, unfolded. */
export function header(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.data.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}

/** A header's words, with RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) decoded. */
export function decodedHeader(mail: ReceivedMail, name: string): string | undefined {
  const value = header(mail, name);
  return value
    ?.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** The decoded body of the message's part of this content type (`text/plain`, `text/html`), its lines ending in \n. */
export function part(mail: ReceivedMail, contentType: string): string | undefined {
  const sections = mail.data.split(/\r\n--[^\r\n]+\r\n/);
  for (const section of sections) {
    const split = section.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = section.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    if (!new RegExp(`^Content-Type: ${contentType}\\b`, 'im').test(head)) continue;
    const body = section.slice(split + 4).replace(/\r\n--[^\r\n]+--\r\n?$/, '');
    const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(head)?.[1]?.toLowerCase();
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : body;
    // SMTP carries lines as CRLF: the text as written had \n.
    return decoded.replace(/\r\n/g, '\n');
  }
  return undefined;
}

function decodeQuotedPrintable(text: string): string {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
