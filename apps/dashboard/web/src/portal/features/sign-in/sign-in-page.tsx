import { SignInForm } from '../../../shared/sign-in-form';

export function PortalSignInPage({ notice }: { notice: string | null }) {
  return (
    <SignInForm path="/portal/sign-in" title="Sign in to your partner portal" notice={notice}>
      <p className="muted small">
        New here? Open the invitation link the merchant sent you to set your password. Forgot it? Ask the merchant for a new invitation.
      </p>
    </SignInForm>
  );
}
