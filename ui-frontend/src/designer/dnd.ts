/** The dataTransfer type a palette item carries when dragged onto the canvas: the node type name. */
export const NODE_TYPE_MIME = 'application/x-sluice-node-type';
