// The markdown plan's default size budget: a GitHub comment holds 65,536 characters, and the plan
// leaves room for the text around it. Its own module so that `plan`'s option can name it without
// loading the renderer.
export const DEFAULT_MAX_CHARS = 60_000;
