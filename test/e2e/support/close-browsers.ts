import { closeBrowsers } from './browser';

// After each test file, the browsers it left open go (see closeBrowsers).
afterAll(closeBrowsers);
