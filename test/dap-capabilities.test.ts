// Capabilities are declared truthfully: the initialize response advertises exactly the features
// listed here, and each is exercised by the named DebugClient test (checked to exist), so a
// capability cannot be added without a test, nor a test removed while its capability stays.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startAdapter } from './support/dap-harness';

/** Capability -> [test file, a test title in it that exercises the capability]. */
const EXERCISED_BY: Record<string, [string, string]> = {
  supportsConfigurationDoneRequest: ['dap-breakpoints', 'a source breakpoint stops on its line with the registers of that moment'],
  supportsConditionalBreakpoints: ['dap-breakpoints', 'conditions, hit counts and logpoints'],
  supportsHitConditionalBreakpoints: ['dap-breakpoints', 'conditions, hit counts and logpoints'],
  supportsLogPoints: ['dap-breakpoints', 'conditions, hit counts and logpoints'],
  supportsFunctionBreakpoints: ['dap-breakpoints', 'function and instruction breakpoints'],
  supportsInstructionBreakpoints: ['dap-breakpoints', 'function and instruction breakpoints'],
  supportsBreakpointLocationsRequest: ['dap-breakpoints', 'a breakpoint on a line without code moves to the next line with code; unknown files are unverified'],
  supportsDataBreakpoints: ['dap-data-breakpoints', 'readWrite stops on reads and writes of its bytes; a physical breakpoint catches an access through any alias'],
  supportsDataBreakpointBytes: ['dap-data-breakpoints', 'the size decides: a 2-byte write breakpoint misses the write of byte 3; 4 bytes catch it'],
  supportsExceptionFilterOptions: ['dap-exceptions', '#GP with its error code; a condition naming other vectors does not stop'],
  supportsExceptionInfoRequest: ['dap-exceptions', '#PF stops before delivery with vector, address, error code and CR2; continuing delivers it'],
  exceptionBreakpointFilters: ['dap-exceptions', 'every filter of the contract is declared with supportsCondition; bad conditions are reported'],
  supportsEvaluateForHovers: ['dap-repl', 'evaluate: memoryReference on pointer-like results, hex by default, decimal when format asks'],
  supportsSetVariable: ['dap-variables', 'registers, EFLAGS bits, segments with descriptor caches, control registers; setVariable'],
  supportsValueFormattingOptions: ['dap-repl', 'evaluate: memoryReference on pointer-like results, hex by default, decimal when format asks'],
  supportsReadMemoryRequest: ['dap-memory', 'readMemory (linear and physical) and disassemble match the assembled bytes'],
  supportsWriteMemoryRequest: ['dap-memory', 'writeMemory changes guest memory and sends a memory event'],
  supportsDisassembleRequest: ['dap-memory', 'readMemory (linear and physical) and disassemble match the assembled bytes'],
  supportsSteppingGranularity: ['dap-stepping', 'instruction granularity: stepIn executes one instruction, next steps over CALL'],
  supportsStepBack: ['dap-stepping', 'stepBack restores registers and memory exactly; reverseContinue stops at the previous breakpoint hit'],
  supportsGotoTargetsRequest: ['dap-stepping', 'pause stops a runaway guest within 50 ms; goto moves EIP to a line'],
  supportsRestartRequest: ['dap-lifecycle', 'restart of a running guest starts it again, stopping on entry when asked'],
  supportsTerminateRequest: ['dap-lifecycle', 'terminate ends a running guest; later requests say it has ended'],
  supportsCompletionsRequest: ['dap-repl', 'completions: commands after a space or a slash, x/ forms, registers and labels'],
  completionTriggerCharacters: ['dap-repl', 'completions: commands after a space or a slash, x/ forms, registers and labels'],
};

test('every capability advertised is exercised by a named test, and nothing else is advertised', async () => {
  const a = await startAdapter();
  let body: Record<string, unknown>;
  try {
    body = ((await a.dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' })).body ?? {}) as Record<string, unknown>;
  } finally {
    await a.close();
  }
  const advertised = Object.entries(body).filter(([, v]) => v !== false && v !== undefined).map(([k]) => k).sort();
  assert.deepEqual(advertised, Object.keys(EXERCISED_BY).sort());
  for (const [capability, [file, title]] of Object.entries(EXERCISED_BY)) {
    const source = fs.readFileSync(path.join(ROOT, 'test', `${file}.test.ts`), 'utf8');
    assert.ok(source.includes(`test('${title}'`), `${capability}: no test '${title}' in test/${file}.test.ts`);
  }
});
