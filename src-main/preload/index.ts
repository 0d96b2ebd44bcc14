// Exposes window.qa: one named function per contract method, nothing else (no raw ipcRenderer). The session id
// main gives at sign-in is kept here (and in this tab's sessionStorage, so a reload stays signed in) and sent
// with every call; main decides from it what the caller may do.
import { contextBridge, ipcRenderer } from 'electron';
import type { Method } from '@contract';
import { sessionCarrier } from './session';

const storage = (() => {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
})();
const carrier = sessionCarrier(storage);
const call = (method: Method) => async (input: unknown) => carrier.receive(await ipcRenderer.invoke(`qa:${method}`, { session: carrier.current(), input }));

// Typed against the contract's method list: a missing or extra method fails the build.
const qa: Record<Method, (input: unknown) => Promise<unknown>> = {
  appInfo: call('appInfo'),
  accountsState: call('accountsState'),
  signIn: call('signIn'),
  signOut: call('signOut'),
  confirmPassword: call('confirmPassword'),
  setPassword: call('setPassword'),
  putAccounts: call('putAccounts'),
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
  joinCallLegs: call('joinCallLegs'),
  checkRecordingFile: call('checkRecordingFile'),
  notify: call('notify'),
  saveFile: call('saveFile'),
  getSyncSettings: call('getSyncSettings'),
  saveSyncSettings: call('saveSyncSettings'),
  testSyncConnection: call('testSyncConnection'),
  signAppraisalRecords: call('signAppraisalRecords'),
  pushAppraisalRecords: call('pushAppraisalRecords'),
  serverAppraisalHashes: call('serverAppraisalHashes'),
  printToPdf: call('printToPdf'),
  teamConfig: call('teamConfig'),
  teamJoin: call('teamJoin'),
  teamSignIn: call('teamSignIn'),
  teamChangePassword: call('teamChangePassword'),
  teamBounds: call('teamBounds'),
  teamPage: call('teamPage'),
  teamFeed: call('teamFeed'),
  teamChanged: call('teamChanged'),
  teamTombstones: call('teamTombstones'),
  teamIds: call('teamIds'),
  teamRecords: call('teamRecords'),
  teamCounts: call('teamCounts'),
  teamWrite: call('teamWrite'),
  teamVerifyAudit: call('teamVerifyAudit'),
  teamRecordingShare: call('teamRecordingShare'),
  teamAudioOnServer: call('teamAudioOnServer'),
  teamSealChanges: call('teamSealChanges'),
  teamSealedChanges: call('teamSealedChanges'),
  teamSealOtherReplica: call('teamSealOtherReplica'),
  teamMoveBegin: call('teamMoveBegin'),
  teamMoveUpload: call('teamMoveUpload'),
  teamMoveDigest: call('teamMoveDigest'),
  teamMoveFinish: call('teamMoveFinish'),
  teamMoveCancel: call('teamMoveCancel'),
  teamProvision: call('teamProvision'),
  teamResetPassword: call('teamResetPassword'),
  teamLogins: call('teamLogins'),
  teamLease: call('teamLease'),
  teamNotices: call('teamNotices'),
};

contextBridge.exposeInMainWorld('qa', qa);
