/** Sizes the canvas measured for its nodes: UI state only. */
export interface Dimensions {
  width: number;
  height: number;
}
