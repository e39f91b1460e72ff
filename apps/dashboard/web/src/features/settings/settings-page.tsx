import { useSession } from '../../shared/session';
import { PageHeader } from '../../shared/ui';
import { AttributionWindow, PartnerLinkLimit } from './number-setting';
import { CommissionPlan } from './commission-plan';
import { ApiKeys } from './api-keys';
import { SigningSecrets } from './signing-secrets';
import { Users } from './users';
import { PasswordChange } from '../../shared/password-change';

export default function SettingsPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="Settings" />
      {user.role === 'owner' ? null : (
        <p className="muted" role="note">
          You are a member of this workspace: you can see these settings, and only an owner can change them (your own password excepted).
        </p>
      )}
      <AttributionWindow />
      <CommissionPlan />
      <PartnerLinkLimit />
      <ApiKeys />
      <SigningSecrets />
      <Users />
      <PasswordChange />
    </>
  );
}
