import { reapProcesses } from './processes';

// After each test file, whatever it left running goes (see reapProcesses).
afterAll(reapProcesses);
