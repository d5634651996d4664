// icon 'data:,': no favicon request (and no 404 in the console) in this minimal app.
export const metadata = { title: 'marginkit + Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
