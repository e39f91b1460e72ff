import { describeSendError, invitationMessage } from './invitation-mailer';
import { SmtpServer } from './smtp-settings';

const server = new SmtpServer(false, 'mail.example', 587, 'mailer', 'pa ss/word');

describe('the invitation email', () => {
  const email = {
    to: 'ada@partners.example',
    partnerName: 'Ada <script>',
    workspaceName: 'Shop\r\nBcc: everyone@example.com',
    url: 'https://dashboard.example/portal/accept#abc_DEF-123',
    expiresAt: new Date('2026-12-06T15:20:00Z'),
  };

  it('names the workspace and the partner, with the link and its expiry in UTC', () => {
    const message = invitationMessage(email);
    // The merchant's names on one line: no header of their making in the subject.
    expect(message.subject).toBe('Shop Bcc: everyone@example.com invites you to its partner portal');
    expect(message.text).toContain('Hello Ada <script>,');
    expect(message.text).toContain('\nhttps://dashboard.example/portal/accept#abc_DEF-123\n');
    expect(message.text).toContain('The link works once, until 6 December 2026 at 15:20 UTC.');
    expect(message.html).toContain('Hello Ada &lt;script&gt;,');
    expect(message.html).toContain('<a href="https://dashboard.example/portal/accept#abc_DEF-123">');
    expect(message.html).not.toContain('<script>');
  });
});

describe('why an invitation email was not sent, in words', () => {
  it.each([
    [{ code: 'EENVELOPE', response: '550 5.1.1 User unknown' }, 'The mail server refused the message: 550 5.1.1 User unknown'],
    [{ code: 'EMESSAGE', response: '552 5.3.4 Message too big' }, 'The mail server refused the message: 552 5.3.4 Message too big'],
    [
      { code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid' },
      'The mail server refused the sign-in (check the user and password in SMTP_URL): 535 5.7.8 Authentication credentials invalid',
    ],
    [
      { code: 'ECONNECTION', message: 'connect ECONNREFUSED 10.0.0.1:587' },
      'The mail server mail.example:587 could not be reached (check SMTP_URL, and that the server is up): connect ECONNREFUSED 10.0.0.1:587',
    ],
    [
      { code: 'ETIMEDOUT', message: 'Greeting never received' },
      'The mail server mail.example:587 did not answer in time (check SMTP_URL, and that the server is up): Greeting never received',
    ],
    [{ message: 'something\nelse' }, 'The email could not be sent: something else'],
  ])('%j', (err, words) => {
    expect(describeSendError(err, server)).toBe(words);
  });

  it('keeps the SMTP password out, as given and URL-encoded', () => {
    const words = describeSendError({ code: 'EAUTH', response: '535 bad credentials pa ss/word (pa%20ss%2Fword)' }, server);
    expect(server.withoutPassword(words)).toBe('The mail server refused the sign-in (check the user and password in SMTP_URL): 535 bad credentials *** (***)');
  });
});
