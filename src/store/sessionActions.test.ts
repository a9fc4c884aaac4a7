import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { dismissError, enterSaving, leaveSaving, setAccessMode, setTool, UNREADABLE_IMAGE_HINT } from './sessionActions';
import { goToImage, reportFrameError } from './viewerActions';

const mode = () => getState().session.mode;

beforeEach(() => setState((s) => ({ session: { ...s.session, accessMode: 'edit', tool: 'Select', mode: { name: 'idle' }, conflicts: [] } })));

describe('editor modes: every way out of each state', () => {
  it('idle → drawing by picking a tool; drawing → idle by Select', () => {
    setTool('Circle');
    expect(mode()).toEqual({ name: 'drawing', tool: 'Circle' });
    setTool('Select');
    expect(mode()).toEqual({ name: 'idle' });
  });

  it('drawing → idle when review mode starts, and review refuses drawing tools', () => {
    setTool('Ellipse');
    setAccessMode('review');
    expect(mode()).toEqual({ name: 'idle' });
    setTool('Point');
    expect(mode()).toEqual({ name: 'idle' });
    expect(getState().session.tool).toBe('Select');
  });

  it('saving → back to the tool in use on success', () => {
    setTool('Polyline');
    expect(enterSaving(2)).toBe(true);
    expect(mode()).toEqual({ name: 'saving', count: 2 });
    expect(enterSaving(1)).toBe(false);
    leaveSaving({ ok: true, message: 'Saved 2 regions' });
    expect(mode()).toEqual({ name: 'drawing', tool: 'Polyline' });
  });

  it('saving → error on failure; error → idle/drawing when dismissed', () => {
    enterSaving(1);
    leaveSaving({ ok: false, message: 'Not saved: server down' });
    expect(mode()).toEqual({ name: 'error', message: 'Not saved: server down' });
    dismissError();
    expect(mode()).toEqual({ name: 'idle' });
    setTool('Point');
    enterSaving(1);
    leaveSaving({ ok: false, message: 'x' });
    dismissError();
    expect(mode()).toEqual({ name: 'drawing', tool: 'Point' });
  });

  it('a tool change during saving keeps saving and applies the tool afterwards', () => {
    enterSaving(1);
    setTool('Circle');
    expect(mode().name).toBe('saving');
    leaveSaving({ ok: true, message: 'ok' });
    expect(mode()).toEqual({ name: 'drawing', tool: 'Circle' });
  });
});

describe('an image that could not be displayed refuses drawing', () => {
  const images = [{ imageId: 'good' }, { imageId: 'bad' }] as unknown as ReturnType<typeof getState>['viewer']['images'];
  beforeEach(() => setState((s) => ({ viewer: { ...s.viewer, images, index: 0, frameErrors: {} }, rois: { ...s.rois, hint: undefined } })));

  it('a drawing tool in use goes back to Select with a hint when the image on screen fails, and stays refused there', () => {
    setTool('Circle');
    reportFrameError('bad', 'broken JPEG'); // not on screen: nothing changes
    expect(getState().session.tool).toBe('Circle');
    goToImage(1);
    expect(getState().session.tool).toBe('Select');
    expect(mode()).toEqual({ name: 'idle' });
    expect(getState().rois.hint).toBe(UNREADABLE_IMAGE_HINT);
    setTool('Point');
    expect(getState().session.tool).toBe('Select');
    goToImage(0);
    expect(getState().rois.hint).toBeUndefined();
    setTool('Point');
    expect(getState().session.tool).toBe('Point');
  });
});
