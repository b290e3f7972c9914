import { redirect } from 'next/navigation';

/** The front door: the inbox, which sends signed-out visitors to sign-in. */
export default function HomePage() {
  redirect('/mail');
}
