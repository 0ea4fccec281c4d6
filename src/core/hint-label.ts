/** How a hint is introduced under its message, in the terminal and in the preview's overlay (which imports it into its bundle). */
export const hintLabel = 'Slik retter du';
