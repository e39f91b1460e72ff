import { PasswordChange } from '../../../shared/password-change';
import { Card, CopyField, Details, PageHeader } from '../../../shared/ui';
import { usePortalSession } from '../../session';

export default function AccountPage() {
  const session = usePortalSession();
  return (
    <>
      <PageHeader title="Account" />
      <Card title="You">
        <Details
          rows={[
            ['Partner', session.partner.name],
            ['Partner id', <CopyField key="id" value={session.partner.id} label="Copy id" />],
            ['Merchant', session.workspace.name],
            ['Sign-in email', session.email],
            ['Mode', session.mode === 'test' ? 'Test' : 'Live'],
          ]}
        />
        <p className="muted small">To change your sign-in email, ask {session.workspace.name} for a new invitation.</p>
      </Card>
      <PasswordChange path="/portal/password" />
    </>
  );
}
