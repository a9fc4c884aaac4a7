import { RenderingEngine, Enums as CoreEnums } from '@cornerstonejs/core';
import {
  addTool,
  ToolGroupManager,
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  ProbeTool,
  CircleROITool,
  EllipticalROITool,
  PlanarFreehandROITool,
  Enums as ToolEnums,
  utilities as toolUtilities,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { CS_TOOL, DRAW_TOOLS, READONLY_CONTOUR_TOOL, type ToolMode } from './toolNames';
import { RoiInterpolatedTool, RoiPolylineTool } from './polylineTools';
import { RoiReadoutTool, type RoiTextSource } from './RoiReadoutTool';

const ENGINE_ID = 'roi-viewer-engine';
const TOOL_GROUP_ID = 'main-tools';
let toolsRegistered = false;

function registerTools(): void {
  if (toolsRegistered) return;
  toolsRegistered = true;
  for (const T of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, ProbeTool, CircleROITool, EllipticalROITool, PlanarFreehandROITool, RoiPolylineTool, RoiInterpolatedTool, RoiReadoutTool]) {
    addTool(T);
  }
}

/**
 * The one rendering engine and the one tool group every viewport of a layout
 * shares: a tool picked in the toolbar acts wherever the user draws, and an
 * annotation (filed by Cornerstone per Frame of Reference and image) shows in
 * every viewport that displays its image. No Cornerstone object leaves the
 * adapter; viewports are named by plain ids.
 */
export class EngineHost {
  readonly engine: RenderingEngine;
  readonly toolGroup: ToolTypes.IToolGroup;
  private readonly viewportIds = new Set<string>();

  constructor(roiText: RoiTextSource) {
    registerTools();
    this.engine = new RenderingEngine(ENGINE_ID);
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
    if (!group) throw new Error('Could not create the tool group');
    this.toolGroup = group;
    for (const name of [WindowLevelTool.toolName, PanTool.toolName, ZoomTool.toolName, StackScrollTool.toolName]) group.addTool(name);
    // On-image text comes from our own measurement code (RoiReadoutTool), never
    // from the tools: their figures use their own scaling and units, show NaN
    // until their statistics exist, and give a point as a voxel index. Returning
    // nothing (not []) also keeps the probe from drawing an empty box.
    const noText = () => undefined as unknown as string[];
    group.addTool(ProbeTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addTool(CircleROITool.toolName, { preventHandleOutsideImage: true, calculateStats: false, centerPointRadius: 1, getTextLines: noText });
    group.addTool(EllipticalROITool.toolName, { preventHandleOutsideImage: true, calculateStats: false, centerPointRadius: 0, getTextLines: noText });
    group.addTool(RoiPolylineTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addTool(RoiInterpolatedTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addToolInstance(READONLY_CONTOUR_TOOL, PlanarFreehandROITool.toolName, { calculateStats: false, getTextLines: noText });
    // Added last so the text is drawn over the shapes.
    group.addTool(RoiReadoutTool.toolName, { linesFor: roiText });
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolEnabled(READONLY_CONTOUR_TOOL);
    group.setToolEnabled(RoiReadoutTool.toolName);
    this.setTool('Select', false);
  }

  addViewport(viewportId: string, element: HTMLDivElement): void {
    this.engine.enableElement({ viewportId, type: CoreEnums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
    this.toolGroup.addViewport(viewportId, ENGINE_ID);
    this.viewportIds.add(viewportId);
  }

  removeViewport(viewportId: string): void {
    if (!this.viewportIds.delete(viewportId)) return;
    this.toolGroup.removeViewports(ENGINE_ID, viewportId);
    this.engine.disableElement(viewportId);
  }

  get viewportCount(): number {
    return this.viewportIds.size;
  }

  setTool(mode: ToolMode, editable = true): void {
    const g = this.toolGroup;
    for (const t of DRAW_TOOLS) {
      if (editable) g.setToolPassive(CS_TOOL[t]);
      else g.setToolEnabled(CS_TOOL[t]);
    }
    if (mode === 'Select') {
      g.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    } else {
      g.setToolPassive(WindowLevelTool.toolName);
      g.setToolActive(CS_TOOL[mode], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    }
  }

  /** Redraws the annotations and their text in every viewport (after the figures or the text toggle changed). */
  renderAnnotations(): void {
    if (this.viewportIds.size) toolUtilities.triggerAnnotationRenderForViewportIds([...this.viewportIds]);
  }

  resize(): void {
    if (this.viewportIds.size) this.engine.resize(true, true);
  }

  destroy(): void {
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
    this.viewportIds.clear();
  }
}
