/**
 * The page's side of Telegram's Mini App bridge (core.telegram.org/api/web-events), without loading
 * telegram-web-app.js from telegram.org: the launch parameters come in the URL's fragment, events go out through
 * the native clients' TelegramWebviewProxy or, in Telegram Web (and the emulator's dev chat), to the parent frame.
 * Where a client did put its own `window.Telegram.WebApp` on the page, its initData and theme are used.
 */
type Listener = (data: Record<string, unknown>) => void;

interface TelegramGlobal {
  WebApp?: { initData?: string; themeParams?: Record<string, string> };
  WebView?: { receiveEvent?: (type: string, data: unknown) => void };
}

declare global {
  interface Window {
    Telegram?: TelegramGlobal;
    TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  }
}

export interface TelegramBridge {
  /** Signed launch data ('' outside Telegram). */
  initData: string;
  /** Sends an event to the client (ignored outside Telegram). */
  post(type: string, data?: Record<string, unknown>): void;
  on(type: string, listener: Listener): void;
  /** Shows Telegram's back button while `handler` is set; `null` hides it. */
  backButton(handler: (() => void) | null): void;
}

export function connectTelegram(): TelegramBridge {
  const launch = new URLSearchParams(location.hash.slice(1));
  const injected = window.Telegram?.WebApp;
  const initData = injected?.initData || launch.get('tgWebAppData') || '';
  const listeners = new Map<string, Listener[]>();
  const receive = (type: string, data: unknown) => {
    for (const l of listeners.get(type) ?? []) l((data ?? {}) as Record<string, unknown>);
  };
  // native clients call window.Telegram.WebView.receiveEvent; Telegram Web posts messages to the frame
  window.Telegram = { ...window.Telegram, WebView: { receiveEvent: receive } };
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    try {
      const { eventType, eventData } = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
      if (typeof eventType === 'string') receive(eventType, eventData);
    } catch {
      // not a bridge message
    }
  });
  const post = (type: string, data: Record<string, unknown> = {}) => {
    if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
    else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
  };
  const on = (type: string, listener: Listener) => listeners.set(type, [...(listeners.get(type) ?? []), listener]);

  applyTheme(injected?.themeParams ?? parseJson(launch.get('tgWebAppThemeParams')));
  on('theme_changed', (d) => applyTheme(d.theme_params as Record<string, string>));
  on('viewport_changed', (d) => {
    if (typeof d.height === 'number') document.documentElement.style.setProperty('--tg-viewport-height', `${d.height}px`);
  });
  let back: (() => void) | null = null;
  on('back_button_pressed', () => back?.());
  post('web_app_ready');
  post('web_app_expand');
  post('web_app_request_theme');
  post('web_app_request_viewport');
  return {
    initData,
    post,
    on,
    backButton(handler) {
      if (!!handler !== !!back) post('web_app_setup_back_button', { is_visible: !!handler });
      back = handler;
    },
  };
}

const parseJson = (s: string | null): Record<string, string> | undefined => {
  try {
    return s ? JSON.parse(s) : undefined;
  } catch {
    return undefined;
  }
};

/** Telegram's colours as the CSS variables its own script sets (--tg-theme-bg-color...), which style.css uses. */
function applyTheme(theme: Record<string, string> | undefined): void {
  if (!theme) return;
  for (const [key, value] of Object.entries(theme)) {
    if (/^[a-z_]+$/.test(key) && /^#[0-9a-f]{3,8}$/i.test(value)) document.documentElement.style.setProperty(`--tg-theme-${key.replaceAll('_', '-')}`, value);
  }
}
