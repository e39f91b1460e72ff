import { PageHeader } from '../../shared/ui';
import { AttributionWindow } from './attribution-window';
import { CommissionPlan } from './commission-plan';
import { ApiKeys } from './api-keys';
import { SigningSecrets } from './signing-secrets';
import { Users } from './users';
import { PasswordChange } from './password-change';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <AttributionWindow />
      <CommissionPlan />
      <ApiKeys />
      <SigningSecrets />
      <Users />
      <PasswordChange />
    </>
  );
}
