'use client';
// Prices the option in the browser, fetches the route handler's result for the same option, shows
// both and exposes them for the tests as window.__marginkitResult = { client, server }.
import { useEffect, useState } from 'react';
import { createMarginKit } from 'marginkit';
import { OPTION } from '../option.js';

async function run() {
  const mk = await createMarginKit();
  const client = mk.price(OPTION);
  const response = await fetch('/api/price');
  if (!response.ok) throw new Error(`/api/price: HTTP ${response.status}`);
  const server = await response.json();
  return { client, server };
}

export default function Greeks() {
  const [text, setText] = useState('pricing...');
  useEffect(() => {
    run().then(
      (result) => {
        setText(JSON.stringify(result, null, 2));
        window.__marginkitResult = result;
      },
      (error) => {
        setText(String(error?.stack ?? error));
        window.__marginkitResult = { error: `${error?.name}: ${error?.message ?? error}` };
      },
    );
  }, []);
  return <pre id="output">{text}</pre>;
}
