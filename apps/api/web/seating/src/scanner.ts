/**
 * The rear camera as a marker reader: frames are read a few times a second (downscaled) by the browser's own
 * BarcodeDetector where there is one, else by jsQR, loaded only when the camera is first used.
 */
declare global {
  interface Window {
    BarcodeDetector?: new (o: { formats: string[] }) => { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
  }
}

type Decoder = (frame: ImageData, canvas: HTMLCanvasElement) => Promise<string | null>;

async function decoder(): Promise<Decoder> {
  if (window.BarcodeDetector) {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (_frame, canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  return async (frame) => jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** Why the camera cannot be used, in words for the user (the "I am at…" list is the way on). */
export function cameraProblem(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'The camera was not allowed';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found';
  if (name === 'NotReadableError') return 'The camera is busy';
  return 'The camera is not available here';
}

/**
 * Shows the rear camera in `video` until a code that `accept` takes is seen (its text is returned) or `signal` aborts.
 * Throws what getUserMedia throws when there is no camera or it is denied.
 */
export async function scanMarker(video: HTMLVideoElement, accept: (text: string) => boolean, signal: AbortSignal): Promise<string | null> {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API'), { name: 'NotSupportedError' });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  try {
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const decode = await decoder();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    while (!signal.aborted) {
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight, 1));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      if (canvas.width && canvas.height) {
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const text = await decode(context.getImageData(0, 0, canvas.width, canvas.height), canvas);
        if (text !== null && accept(text)) return text;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    return null;
  } finally {
    stream.getTracks().forEach((t) => t.stop());
    video.srcObject = null;
    video.hidden = true;
  }
}

interface OrientationPermission {
  requestPermission?: () => Promise<'granted' | 'denied'>;
}

/**
 * The compass heading of the phone (degrees clockwise from north), where the sensors allow it: iOS asks the user
 * first (call it from a tap), others give absolute orientation events. Returns how to stop, or null without one.
 */
export async function watchHeading(onHeading: (degrees: number) => void): Promise<(() => void) | null> {
  if (typeof DeviceOrientationEvent === 'undefined') return null;
  const ask = (DeviceOrientationEvent as unknown as OrientationPermission).requestPermission;
  if (ask && (await ask().catch(() => 'denied')) !== 'granted') return null;
  const type = 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute' : 'deviceorientation';
  const listener = (e: DeviceOrientationEvent & { webkitCompassHeading?: number }) => {
    if (typeof e.webkitCompassHeading === 'number') onHeading(e.webkitCompassHeading);
    else if (e.alpha !== null && (e.absolute || type === 'deviceorientationabsolute')) onHeading((360 - e.alpha) % 360);
  };
  window.addEventListener(type, listener as EventListener);
  return () => window.removeEventListener(type, listener as EventListener);
}
