// Exposes window.qa: one named function per contract method, nothing else (no raw ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import type { Method } from '@contract';

const call = (method: string) => (input: unknown) => ipcRenderer.invoke(`qa:${method}`, input);

// Typed against the contract's method list: a missing or extra method fails the build.
const qa: Record<Method, (input: unknown) => Promise<unknown>> = {
  appInfo: call('appInfo'),
  hashPassword: call('hashPassword'),
  verifyPassword: call('verifyPassword'),
  writeBackup: call('writeBackup'),
  listBackups: call('listBackups'),
  readBackup: call('readBackup'),
  writeDemoRecordings: call('writeDemoRecordings'),
  mediaUrl: call('mediaUrl'),
  chooseMediaPaths: call('chooseMediaPaths'),
  scanMediaPaths: call('scanMediaPaths'),
  startRecordingImport: call('startRecordingImport'),
  recordingImportStatus: call('recordingImportStatus'),
  cancelRecordingImport: call('cancelRecordingImport'),
  relinkRecording: call('relinkRecording'),
  checkRecordingFile: call('checkRecordingFile'),
  notify: call('notify'),
  saveFile: call('saveFile'),
  getSyncSettings: call('getSyncSettings'),
  saveSyncSettings: call('saveSyncSettings'),
  testSyncConnection: call('testSyncConnection'),
  signAppraisalHashes: call('signAppraisalHashes'),
  pushAppraisalRecords: call('pushAppraisalRecords'),
  serverAppraisalHashes: call('serverAppraisalHashes'),
  printToPdf: call('printToPdf'),
};

contextBridge.exposeInMainWorld('qa', qa);
