import { useCallback, useEffect, useMemo, useState } from 'react';
import { unsavedCount } from '../store/unsavedCount';
import type { AppConfig } from './config/configSchema';
import { useAppState } from '../ui/hooks/useAppState';
import { useShortcuts, type ShortcutHandlers } from '../ui/hooks/useShortcuts';
import { StudyBrowser } from '../ui/components/StudyBrowser';
import { SeriesPanel } from '../ui/components/SeriesPanel';
import { Toolbar } from '../ui/components/Toolbar';
import { RoiPanel } from '../ui/components/RoiPanel';
import { HelpDialog, type ServerDiagnostics } from '../ui/components/HelpDialog';
import { describeCapabilities } from '../adapters/fhir/capabilities';
import { getServices } from '../store/services';
import { StatusBar } from '../ui/components/StatusBar';
import { ConflictDialog } from '../ui/components/ConflictDialog';
import { ViewportGrid } from '../ui/viewer/ViewportGrid';
import { activateNextViewport, activateViewport, comparePrior, loadPriors, setLayout, toggleSync } from '../store/layoutActions';
import { useViewerCommands } from '../ui/viewer/ViewerCommands';
import { searchStudies } from '../store/browserActions';
import { goToImage, selectSeries, setVoiPreset, stepImage, toggleRoiText } from '../store/viewerActions';
import { deleteRoi, redo, relabelRoi, selectRoi, setAuthorFilter, showHint, undo } from '../store/roiActions';
import { setAccessMode, setTool, UNREADABLE_IMAGE_HINT } from '../store/sessionActions';
import { getState } from '../store/appStore';
import { navigateToStudy } from './navigation';
import type { StudySwitch } from './studySwitch';
import { LeaveStudyDialog } from '../ui/components/LeaveStudyDialog';
import { resolveConflict } from '../store/saveActions';
import { DraftsBanner } from '../ui/components/DraftsBanner';
import { HistoryPanel } from '../ui/components/HistoryPanel';
import { SegmentationPanel } from '../ui/components/SegmentationPanel';
import { openSegmentReference, saveSegmentSelection, selectSegment, setSegmentationOpacity, setSegmentVisible } from '../store/segmentationActions';
import { closeHistory, openHistory, restoreVersion, toggleGhost } from '../store/historyActions';
import { acknowledgeRestored, discardRestored } from '../store/roiActions';
import { SrPanel } from '../ui/components/SrPanel';
import { adoptSr, closeSr, exportSr, openSr } from '../store/srActions';
import type { ImageRef } from '../domain/roi/Roi';
import { cancelKeyboardShape, endKeyboardShape, moveKeyboardCrosshair, placeKeyboardVertex, toggleKeyboardDrawing } from '../store/keyboardDrawing';

export interface AppProps {
  config: AppConfig;
  onSave(): void;
  /** Save key image: capture, store on the archive, record and link (src/store/keyImageActions.ts). */
  onKeyImage(): void;
  studySwitch: Pick<StudySwitch, 'leave' | 'choose' | 'stay'>;
  /** Clears this user's drafts and tokens. */
  onLogout(): Promise<number>;
}

export function App({ config, onSave, onKeyImage, studySwitch, onLogout }: AppProps) {
  const status = useAppState((s) => s.viewer.status);
  const error = useAppState((s) => s.viewer.error);
  const study = useAppState((s) => s.viewer.study);
  const commands = useViewerCommands();
  const historyView = useAppState((s) => s.history.view);
  const ghosts = useAppState((s) => s.history.ghosts);
  const historyRoiId = historyView.name === 'closed' ? undefined : historyView.roiId;
  const historyRec = useAppState((s) => (historyRoiId ? s.rois.records[historyRoiId] : undefined));
  const review = useAppState((s) => s.session.accessMode === 'review');
  // A save of the ROI under review adds a version: read the history again.
  const savedVersion = historyRec?.server?.versionId;
  useEffect(() => {
    if (historyRoiId && savedVersion) void openHistory(historyRoiId);
  }, [historyRoiId, savedVersion]);
  const [help, setHelp] = useState(false);
  // Other studies of the patient, for "Compare with prior": asked for once the first series is up,
  // so this QIDO query does not compete with the requests the first image needs.
  const studyUid = study?.studyUid;
  const seriesShown = useAppState((s) => s.viewer.seriesStatus === 'ready');
  useEffect(() => {
    if (!studyUid || !seriesShown) return;
    const t = setTimeout(() => void loadPriors(), 1000);
    return () => clearTimeout(t);
  }, [studyUid, seriesShown]);
  const server = useAppState((s) => s.server);
  const diagnostics: ServerDiagnostics = useMemo(
    () => ({ baseUrl: getServices().fhir.baseUrl, status: server.status, lines: describeCapabilities(server.capabilities), issues: server.issues }),
    [server],
  );

  /** Shows the image (and frame) an ROI is on, switching series when needed. */
  const showImage = useCallback(async (img: ImageRef) => {
    // In a comparison layout, a viewport already showing the ROI's series takes it (rather than replacing the active one's series).
    const before = getState();
    const holder = before.layout.viewports.find((v) => v.id !== before.layout.activeId && v.seriesUid === img.seriesUid && v.studyUid === before.viewer.studyUid && v.images.length);
    if (holder && before.viewer.seriesUid !== img.seriesUid) activateViewport(holder.id);
    const s = getState();
    if (img.seriesUid !== s.viewer.seriesUid) {
      await selectSeries(img.seriesUid, { sopInstanceUid: img.sopInstanceUid, frameNumber: img.frameNumber });
      return;
    }
    const idx = s.viewer.images.findIndex((i) => i.instance.sopInstanceUid === img.sopInstanceUid && (img.frameNumber ?? 1) === i.frameNumber);
    if (idx >= 0) goToImage(idx);
  }, []);

  const activate = useCallback((id: string) => {
    const rec = getState().rois.records[id];
    if (!rec) return;
    void showImage(rec.roi.image).then(() => selectRoi(id));
  }, [showImage]);

  const showSrRoi = useCallback((id: string) => {
    const x = getState().sr.open?.shown.find((r) => r.roi.id === id);
    if (x) void showImage(x.roi.image);
  }, [showImage]);

  const openReport = useCallback((seriesUid: string) => {
    void openSr(seriesUid).then(() => {
      const first = getState().sr.open?.shown[0];
      if (first) void showImage(first.roi.image);
    });
  }, [showImage]);

  const onDelete = useCallback(() => {
    const id = getState().rois.selectedId;
    if (id) deleteRoi(id);
  }, []);

  const logout = useCallback(() => {
    const pending = unsavedCount(getState().rois);
    if (pending && !window.confirm(`Log out and discard ${pending} unsaved region${pending === 1 ? '' : 's'}? Your drafts on this computer are deleted.`)) return;
    void onLogout();
  }, [onLogout]);
  const logoutButton = <button className="logout" onClick={logout}>Log out</button>;

  const handlers: ShortcutHandlers = useMemo(
    () => ({
      onTool: setTool,
      onEscape: () => {
        if (cancelKeyboardShape()) return;
        commands.cancelShape();
        setTool('Select');
      },
      onStep: stepImage,
      onFirstLast: (w) => goToImage(w === 'first' ? 0 : getState().viewer.images.length - 1),
      onDelete,
      onUndo: undo,
      onRedo: redo,
      onSave,
      onZoom: (f) => commands.zoomBy(f),
      onReset: () => commands.reset(),
      onInvert: () => commands.toggleInvert(),
      onHelp: () => setHelp(true),
      onKeyImage,
      onToggleRoiText: toggleRoiText,
      onFinishShape: () => commands.finishShape(),
      onCloseShape: () => endKeyboardShape(true) || commands.closeShape(),
      onKeyboardDrawing: toggleKeyboardDrawing,
      onCrosshair: (dx, dy) => {
        if (!getState().session.keyboard) return false;
        moveKeyboardCrosshair(dx, dy);
        return true;
      },
      onPlaceVertex: () => {
        if (!getState().session.keyboard) return false;
        placeKeyboardVertex();
        return true;
      },
      onFinishOpen: () => endKeyboardShape(false),
      onNextViewport: activateNextViewport,
    }),
    [commands, onDelete, onSave, onKeyImage],
  );
  useShortcuts(handlers, status !== 'idle');

  if (status === 'idle') {
    return (
      <main className="app browser-page">
        <header className="app-header"><h1>ROI Viewer</h1>{logoutButton}</header>
        <StudyBrowser onSearch={(q, p) => void searchStudies(q, p)} onOpen={(s) => void studySwitch.leave({ kind: 'study', studyUid: s.studyUid })} />
      </main>
    );
  }

  if (status === 'not-found' || status === 'error') {
    return (
      <main className="app message-page" role="alert">
        <h1>{status === 'not-found' ? 'Study not found' : 'The study could not be opened'}</h1>
        <p>{error}</p>
        {status === 'error' && <button onClick={() => navigateToStudy(getState().viewer.studyUid ?? '')}>Retry</button>}
        <button onClick={() => void studySwitch.leave({ kind: 'browser' })}>Back to studies</button>
      </main>
    );
  }

  return (
    <main className="app viewer-page">
      <header className="app-header">
        <button onClick={() => void studySwitch.leave({ kind: 'browser' })}>Back to studies</button>
        <h1>{study ? `${study.patientName} · ${study.description ?? ''} · ${study.studyDate ?? ''}` : 'Loading study…'}</h1>
        {logoutButton}
      </header>
      <DraftsBanner onSave={() => { acknowledgeRestored(); onSave(); }} onDiscard={discardRestored} />
      <Toolbar
        onTool={setTool}
        onDelete={onDelete}
        onUndo={undo}
        onRedo={redo}
        onSave={onSave}
        onZoom={(f) => commands.zoomBy(f)}
        onReset={() => commands.reset()}
        onInvert={() => commands.toggleInvert()}
        onPreset={(c, w, name) => {
          setVoiPreset(name);
          commands.setVoi(c, w);
        }}
        onHelp={() => setHelp(true)}
        onToggleReview={() => setAccessMode(getState().session.accessMode === 'review' ? 'edit' : 'review')}
        onExportSr={getServices().stow ? () => void exportSr() : undefined}
        onKeyImage={onKeyImage}
        onToggleRoiText={toggleRoiText}
        onKeyboardDrawing={toggleKeyboardDrawing}
        onLayout={setLayout}
      />
      <div className="workspace">
        <SeriesPanel onSelect={(uid) => void selectSeries(uid)} onOpenReport={openReport} onComparePrior={(uid) => void comparePrior(uid)} />
        <ViewportGrid
          onScrollTo={goToImage}
          onUnreadableClick={() => showHint(UNREADABLE_IMAGE_HINT)}
          onActivate={activateViewport}
          onDropSeries={(id, uid) => {
            activateViewport(id);
            void selectSeries(uid);
          }}
          onToggleSync={toggleSync}
        />
        <SrPanel onShow={showSrRoi} onAdopt={() => void adoptSr()} onClose={closeSr} />
        <RoiPanel
          findings={config.imagingSelection.findings}
          onActivate={activate}
          onRelabel={relabelRoi}
          onAuthorFilter={setAuthorFilter}
          onHistory={(id) => void openHistory(id)}
          segments={
            <SegmentationPanel
              onSelect={selectSegment}
              onVisible={setSegmentVisible}
              onOpacity={setSegmentationOpacity}
              onSaveSelection={review ? undefined : (n) => void saveSegmentSelection(n)}
              onOpenReference={(id) => void openSegmentReference(id)}
            />
          }
          history={
            <HistoryPanel
              view={historyView}
              label={historyRec?.roi.label || 'region'}
              ghostVersionIds={ghosts.map((g) => g.versionId)}
              editable={!review && !historyRec?.readOnly}
              onToggleGhost={toggleGhost}
              onRestore={(v) => {
                if (restoreVersion(v)) onSave();
              }}
              onClose={closeHistory}
            />
          }
        />
      </div>
      <StatusBar />
      <ConflictDialog onResolve={(roiId, choice) => void resolveConflict(roiId, choice)} />
      <LeaveStudyDialog onChoose={studySwitch.choose} onStay={studySwitch.stay} />
      <HelpDialog open={help} onClose={() => setHelp(false)} server={diagnostics} />
    </main>
  );
}
