// Renderer tests run in Node on fake-indexeddb: a real IndexedDB implementation, not a mock of our storage.
import 'fake-indexeddb/auto';

// dexie-export-import looks for the browser's `self`.
(globalThis as { self?: unknown }).self ??= globalThis;

// dexie-export-import reads Blobs with FileReader, which browsers have and Node does not; this gives Node the two reads it uses.
if (typeof globalThis.FileReader === 'undefined') {
  class NodeFileReader {
    result: string | ArrayBuffer | null = null;
    error: unknown = null;
    onload: ((ev: unknown) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    readAsText(blob: Blob) {
      blob.text().then(
        (t) => ((this.result = t), this.onload?.({ target: this })),
        (e) => ((this.error = e), this.onerror?.({ target: this })),
      );
    }
    readAsArrayBuffer(blob: Blob) {
      blob.arrayBuffer().then(
        (b) => ((this.result = b), this.onload?.({ target: this })),
        (e) => ((this.error = e), this.onerror?.({ target: this })),
      );
    }
  }
  (globalThis as unknown as { FileReader: unknown }).FileReader = NodeFileReader;
}
