import { SignInForm } from '../../shared/sign-in-form';

export function SignInPage({ notice }: { notice: string | null }) {
  return (
    <SignInForm path="/auth/sign-in" title="Sign in to your dashboard" notice={notice}>
      <p className="muted small">
        The first owner&apos;s password is printed once by <code>npm start</code>. Owners add more people under Settings.
      </p>
    </SignInForm>
  );
}
