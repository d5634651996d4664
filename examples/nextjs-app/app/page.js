import Greeks from './greeks.js';

export default function Page() {
  return (
    <main>
      <h1>marginkit + Next.js</h1>
      <Greeks />
    </main>
  );
}
