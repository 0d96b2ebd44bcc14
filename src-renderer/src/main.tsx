// Renderer entry: i18n, Ant Design theme/locale, and the app.
import { createRoot } from 'react-dom/client';
import { App } from '@renderer/app/App';
import './ui/global.css';

createRoot(document.getElementById('root')!).render(<App />);
