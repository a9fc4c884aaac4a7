import type { ComponentType, ReactNode } from 'react';

/** An SVG icon component (bundled, so no glyph depends on the system's fonts). */
export type ToolbarIcon = ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;

/** Where an action sits; groups are drawn in this order, separated. */
export type ToolbarGroup = 'tools' | 'edit' | 'view' | 'mode';
export const TOOLBAR_GROUPS: readonly ToolbarGroup[] = ['tools', 'edit', 'view', 'mode'];

/**
 * One toolbar entry. The toolbar is drawn from a list of these, so a new
 * button is one more entry (see useToolbarActions), not a change to the
 * toolbar's markup.
 */
export type ToolbarAction =
  | {
      readonly kind: 'button';
      readonly id: string;
      readonly group: ToolbarGroup;
      /** The accessible name and visible text; tests find the button by it. */
      readonly label: string;
      readonly icon?: ToolbarIcon;
      /** Only the icon is shown; the label stays the accessible name and the tooltip. */
      readonly iconOnly?: boolean;
      readonly shortcut?: string;
      /** Tooltip text when it says more than the label. */
      readonly description?: string;
      /** Set for toggles: drawn as aria-pressed. */
      readonly pressed?: boolean;
      readonly disabled?: boolean;
      /** Why the action cannot be used here (it is then disabled): the tooltip and accessible description say it. */
      readonly unavailable?: string;
      run(): void;
    }
  | {
      /** Anything that is not a button (a preset picker, a status text). */
      readonly kind: 'custom';
      readonly id: string;
      readonly group: ToolbarGroup;
      readonly render: () => ReactNode;
    };
