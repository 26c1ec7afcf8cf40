import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startRouter } from './router.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
startRouter();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
