// The DAP session: translates Debug Adapter Protocol requests into calls on the Runtime and the
// Runtime's events into DAP events. All machine knowledge lives in runtime/.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Breakpoint, ExitedEvent, InitializedEvent, LoggingDebugSession, MemoryEvent, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { formatDiagnostic } from '../src/asm/diagnostics';
import { AssemblyFailed } from '../src/machine/boot/program';
import { disassemble } from './disassembly';
import { customRequest, CUSTOM_REQUESTS } from './custom-requests';
import { evaluate, completions } from './evaluate';
import { FILTERS, isFilterId, parseNames, parseVectors } from './runtime/exception-filters';
import { hex } from './runtime/format';
import { LaunchOptions, Runtime, StepKind } from './runtime/runtime';
import type { StopInfo } from './runtime/observer';
import { stackFrames } from './stack';
import { REF, scopes, VariablesView } from './variables';
import { compile } from './runtime/expressions';
import { DATA_ACCESS_TYPES, DataBreakpointSpec } from './runtime/data-breakpoints';

/** launch.json attributes (the names are the interface contract's). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  program: string;
  boot?: string;
  monitor?: string;
  mmu?: string;
  memoryMB?: number;
  stopOnEntry?: boolean;
  args?: string | string[];
  historyMB?: number;
}

const THREAD_ID = 1;

/** Requests a person makes (a button, a command): their failures are shown to the user. */
const USER_REQUESTS = new Set([
  'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'goto', 'setVariable', 'writeMemory', 'terminate',
]);

/** An error the user should read as it is. */
class RequestError extends Error {}

/** `0x1234` is guest-linear, `phys:0x1234` guest-physical. */
export function parseMemoryReference(ref: unknown): { space: 'linear' | 'physical'; address: number } {
  if (typeof ref !== 'string') throw new RequestError('memoryReference must be a string such as 0x00100000 or phys:0x00100000');
  const m = /^(phys:)?(0x[0-9a-f]+|\d+)$/i.exec(ref.trim());
  if (!m || Number(m[2]) > 0xffffffff) throw new RequestError(`bad memory reference '${ref}': use 0x00100000 (linear) or phys:0x00100000`);
  return { space: m[1] ? 'physical' : 'linear', address: Number(m[2]) };
}

export class RingsideSession extends LoggingDebugSession {
  private rt: Runtime | undefined;
  private launchArgs: LaunchArguments | undefined;
  private configured = false;
  private readonly variablesView = new VariablesView(() => this.runtime());
  /** What the client set, kept to apply again on restart. */
  private sourceBreakpoints = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private functionBreakpoints: DebugProtocol.SetFunctionBreakpointsArguments | undefined;
  private instructionBreakpoints: DebugProtocol.SetInstructionBreakpointsArguments | undefined;
  private dataBreakpoints: DebugProtocol.SetDataBreakpointsArguments | undefined;
  private exceptionFilters: DebugProtocol.SetExceptionBreakpointsArguments | undefined;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  private runtime(): Runtime {
    if (this.rt === undefined) throw new RequestError('no guest is running: send launch first');
    return this.rt;
  }

  /** Every handler runs here: a thrown error becomes an error response with its message. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    try {
      if (request === null || typeof request !== 'object' || typeof request.command !== 'string') throw new RequestError('malformed request');
      if (request.arguments !== undefined && (request.arguments === null || typeof request.arguments !== 'object')) {
        throw new RequestError(`the arguments of '${request.command}' must be an object`);
      }
      super.dispatchRequest(request);
    } catch (e) {
      this.fail(request, e);
    }
  }

  private fail(request: DebugProtocol.Request, e: unknown): void {
    const response: DebugProtocol.Response = {
      seq: 0, type: 'response', request_seq: request?.seq ?? 0, command: String(request?.command ?? 'unknown'), success: false,
    };
    const message = e instanceof RequestError ? e.message : (e as Error)?.message ?? String(e);
    this.sendErrorResponse(response, { id: 1001, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: this.showUser(response.command) });
  }

  /**
   * Whether the client should put an error in front of the user (a notification): for what the
   * user asked for (launch, a step, a write), while a session runs. Requests the client makes on
   * its own (breakpointLocations, threads, stackTrace, hovers...) and anything after the guest is
   * gone fail quietly: the message is still in the response.
   */
  private showUser(command: string): boolean {
    if (command === 'launch' || command === 'restart') return true;
    return this.rt !== undefined && this.rt.state !== 'ended' && USER_REQUESTS.has(command);
  }

  /** Runs a handler body; errors become error responses. */
  private answer<R extends DebugProtocol.Response>(response: R, body: () => void): void {
    try {
      body();
      this.sendResponse(response);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.sendErrorResponse(response, { id: 1002, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: this.showUser(response.command) });
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsBreakpointLocationsRequest: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsExceptionFilterOptions: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: FILTERS.map((f) => ({ ...f, default: false, supportsCondition: true, conditionDescription: f.description })),
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsValueFormattingOptions: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: true,
      supportsStepBack: true,
      supportsGotoTargetsRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: [' ', '/'],
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    let started = false;
    this.answer(response, () => {
      if (this.rt !== undefined) throw new RequestError('a guest is running already');
      this.startGuest(args);
      started = true;
    });
    // breakpoints can be resolved once the program is loaded: ask for them now
    if (started) this.sendEvent(new InitializedEvent());
  }

  private startGuest(args: LaunchArguments): void {
    if (args === undefined || typeof args.program !== 'string' || args.program === '') {
      throw new RequestError('the launch configuration has no "program": set it to a .asm file, a flat binary or an ELF32 kernel');
    }
    if (args.memoryMB !== undefined && typeof args.memoryMB !== 'number') throw new RequestError('"memoryMB" must be a number');
    if (args.historyMB !== undefined && (typeof args.historyMB !== 'number' || !(args.historyMB >= 0))) {
      throw new RequestError('"historyMB" must be a number of MiB, 0 or more (0 turns reverse execution off)');
    }
    const options: LaunchOptions = {
      program: path.resolve(args.program),
      boot: args.boot as LaunchOptions['boot'],
      monitor: args.monitor,
      mmu: args.mmu,
      memoryMB: args.memoryMB,
      args: Array.isArray(args.args) ? args.args.join(' ') : args.args,
      stopOnEntry: args.stopOnEntry === true,
      historyMB: typeof args.historyMB === 'number' ? args.historyMB : undefined,
    };
    let rt: Runtime;
    try {
      rt = Runtime.launch(options);
    } catch (e) {
      if (e instanceof AssemblyFailed) {
        const text = e.diagnostics.map((d) => formatDiagnostic(d)).join('\n');
        this.sendEvent(new OutputEvent(`${text}\n`, 'stderr'));
        throw new RequestError(`${path.basename(options.program)} did not assemble:\n${text}`);
      }
      throw new RequestError((e as Error).message);
    }
    this.rt = rt;
    this.launchArgs = args;
    rt.on('stopped', (stop: StopInfo) => this.reportStop(stop));
    rt.on('output', (text: string, channel: string) => this.sendEvent(new OutputEvent(text, channel === 'console' || channel === 'stderr' ? channel : 'stdout')));
    rt.on('exited', (status: number, message: string) => {
      this.sendEvent(new OutputEvent(`ringside: ${message}\n`, 'console'));
      this.sendEvent(new ExitedEvent(status));
      this.sendEvent(new TerminatedEvent());
    });
  }

  private reportStop(stop: StopInfo): void {
    const e = new StoppedEvent(stop.reason, THREAD_ID, stop.text) as DebugProtocol.StoppedEvent;
    e.body.description = stop.description;
    e.body.allThreadsStopped = true;
    if (stop.breakpointIds) e.body.hitBreakpointIds = stop.breakpointIds;
    this.sendEvent(e);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.answer(response, () => {
      this.runtime();
      if (this.configured) throw new RequestError('configurationDone was sent already');
      this.configured = true;
    });
    this.begin();
  }

  private begin(): void {
    const rt = this.rt;
    if (rt === undefined || !this.configured) return;
    rt.start();
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    this.answer(response, () => {
      const old = this.runtime();
      const launch = (args?.arguments as LaunchArguments | undefined) ?? this.launchArgs!;
      old.removeAllListeners();
      old.terminate();
      this.rt = undefined;
      this.startGuest(launch);
      this.applyBreakpoints();
    });
    this.begin();
  }

  private applyBreakpoints(): void {
    for (const a of this.sourceBreakpoints.values()) this.setSource(a);
    if (this.functionBreakpoints) this.setFunctions(this.functionBreakpoints);
    if (this.instructionBreakpoints) this.setInstructions(this.instructionBreakpoints);
    if (this.dataBreakpoints) this.setData(this.dataBreakpoints);
    if (this.exceptionFilters) this.setExceptions(this.exceptionFilters);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.answer(response, () => {
      this.runtime().terminate();
    });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    const rt = this.rt;
    if (rt !== undefined) {
      rt.removeAllListeners();
      rt.terminate();
    }
    this.rt = undefined;
    this.sendResponse(response);
    this.shutdown(); // ends the process when speaking on stdin/stdout; a server keeps listening
  }

  // ---- breakpoints -------------------------------------------------------------------------

  private toBreakpoint(bp: { id: number; verified: boolean; message?: string; line?: number; file?: string; addresses?: number[] }): DebugProtocol.Breakpoint {
    const b = new Breakpoint(bp.verified, bp.line, undefined, bp.file ? new Source(path.basename(bp.file), bp.file) : undefined) as DebugProtocol.Breakpoint;
    b.id = bp.id;
    if (bp.message) b.message = bp.message;
    if (bp.addresses && bp.addresses.length > 0) b.instructionReference = hex(bp.addresses[0], 8);
    return b;
  }

  private setSource(args: DebugProtocol.SetBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const file = args?.source?.path;
    if (typeof file !== 'string') throw new RequestError('setBreakpoints needs source.path');
    const list: DebugProtocol.SourceBreakpoint[] = Array.isArray(args.breakpoints) ? args.breakpoints : (Array.isArray(args.lines) ? args.lines : []).map((line) => ({ line }));
    const specs = list.map((b) => {
      if (typeof b?.line !== 'number') throw new RequestError('each breakpoint needs a line number');
      return { line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage };
    });
    this.sourceBreakpoints.set(path.resolve(file), args);
    return this.runtime().setSourceBreakpoints(file, specs).map((bp) => {
      const b = this.toBreakpoint(bp);
      if (b.line !== undefined) b.line = this.convertDebuggerLineToClient(b.line);
      b.source = args.source;
      return b;
    });
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.answer(response, () => {
      response.body = { breakpoints: this.setSource(args) };
    });
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    this.answer(response, () => {
      const file = args?.source?.path;
      if (typeof file !== 'string' || typeof args.line !== 'number') throw new RequestError('breakpointLocations needs source.path and line');
      if (this.rt === undefined) {
        response.body = { breakpoints: [] }; // no program (before launch, after disconnect): no places known
        return;
      }
      const end = typeof args.endLine === 'number' ? args.endLine : args.line;
      const lines = new Set(
        this.runtime().lineTable.filter((e) => path.resolve(e.file) === path.resolve(file) && e.line >= args.line && e.line <= end).map((e) => e.line),
      );
      response.body = { breakpoints: [...lines].sort((a, b) => a - b).map((line) => ({ line })) };
    });
  }

  private setFunctions(args: DebugProtocol.SetFunctionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const list = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    this.functionBreakpoints = args;
    return this.runtime()
      .setFunctionBreakpoints(list.map((b) => ({ name: String(b?.name), condition: b?.condition, hitCondition: b?.hitCondition })))
      .map((bp) => this.toBreakpoint(bp));
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.answer(response, () => {
      response.body = { breakpoints: this.setFunctions(args) };
    });
  }

  private setInstructions(args: DebugProtocol.SetInstructionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const list = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const specs = list.map((b) => {
      const { address } = parseMemoryReference(b?.instructionReference);
      return { address: (address + (typeof b.offset === 'number' ? b.offset : 0)) >>> 0, condition: b.condition, hitCondition: b.hitCondition };
    });
    this.instructionBreakpoints = args;
    return this.runtime().setInstructionBreakpoints(specs).map((bp) => this.toBreakpoint({ ...bp, file: undefined, line: undefined }));
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.answer(response, () => {
      response.body = { breakpoints: this.setInstructions(args) };
    });
  }

  private setExceptions(args: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const options = [
      ...(Array.isArray(args?.filters) ? args.filters : []).map((filterId) => ({ filterId, condition: undefined as string | undefined })),
      ...(Array.isArray(args?.filterOptions) ? args.filterOptions : []),
    ];
    const rt = this.runtime();
    let vectors: Set<number> | undefined | null = null;
    const monitorFilters = new Map<string, Set<string> | undefined>();
    const result = options.map((o) => {
      const id = String(o?.filterId);
      if (!isFilterId(id)) return { verified: false, message: `unknown exception filter '${id}'` } as DebugProtocol.Breakpoint;
      try {
        if (id === 'guest-exception') {
          const v = parseVectors(o.condition);
          vectors = v === undefined || vectors === undefined ? undefined : new Set([...(vectors ?? []), ...v]);
        } else monitorFilters.set(id, parseNames(o.condition));
        return { verified: true } as DebugProtocol.Breakpoint;
      } catch (e) {
        return { verified: false, message: (e as Error).message } as DebugProtocol.Breakpoint;
      }
    });
    rt.setExceptionVectors(vectors);
    rt.setMonitorFilters(monitorFilters);
    this.exceptionFilters = args;
    return result;
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.answer(response, () => {
      response.body = { breakpoints: this.setExceptions(args) };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.answer(response, () => {
      const stop = this.runtime().lastStop;
      if (stop.reason !== 'exception' || stop.exception === undefined) throw new RequestError('the guest is not stopped on an exception');
      response.body = { exceptionId: stop.exception.id, description: stop.text, breakMode: 'always' };
    });
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.answer(response, () => {
      const rt = this.runtime();
      const name = String(args?.name ?? '');
      const size = typeof args.bytes === 'number' ? args.bytes : undefined;
      let target: { space: 'linear' | 'physical'; address: number; size: number } | undefined;
      if (args.asAddress) {
        const ref = /^phys:/i.test(name) ? parseMemoryReference(name) : { space: 'linear' as const, address: compile(name).evaluate(rt.evalContext) };
        target = { ...ref, size: size ?? 4 };
      } else if (args.variablesReference === undefined || args.variablesReference === 0) {
        const c = compile(name);
        if (c.address !== undefined) target = { space: 'linear', address: c.address(rt.evalContext), size: size ?? c.size ?? 4 };
      } else if (args.variablesReference === REF.globals) {
        const g = this.variablesView.global(name);
        if (g !== undefined) target = { space: 'linear', address: g.address, size: size ?? g.size };
      }
      if (target === undefined) {
        response.body = { dataId: null, description: `${name} is not in memory: watch a global variable or an address instead ([eax], dword [label])` };
        return;
      }
      response.body = {
        dataId: `${target.space}:${hex(target.address, 8)}:${target.size}`,
        description: `${target.size} byte(s) at ${target.space} ${hex(target.address, 8)}`,
        accessTypes: [...DATA_ACCESS_TYPES],
        canPersist: true,
      };
    });
  }

  private setData(args: DebugProtocol.SetDataBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const list = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const specs: DataBreakpointSpec[] = [];
    const problems: (string | undefined)[] = [];
    for (const b of list) {
      const m = /^(linear|physical):(0x[0-9a-f]+):(\d+)$/i.exec(String(b?.dataId));
      const access = b?.accessType ?? 'write';
      if (!m) problems.push(`bad dataId '${b?.dataId}'`);
      else if (!DATA_ACCESS_TYPES.includes(access)) problems.push(`unknown access type '${access}': use ${DATA_ACCESS_TYPES.join(', ')}`);
      else {
        problems.push(undefined);
        const space = m[1].toLowerCase() as 'linear' | 'physical';
        specs.push({ space, address: Number(m[2]), size: Number(m[3]), access, condition: b.condition, hitCondition: b.hitCondition });
      }
    }
    this.dataBreakpoints = args;
    const set = this.runtime().data.set(specs);
    let k = 0;
    return problems.map((p) => (p !== undefined ? { verified: false, message: p } : this.toBreakpoint(set[k++])));
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.answer(response, () => {
      response.body = { breakpoints: this.setData(args) };
    });
  }

  // ---- execution ---------------------------------------------------------------------------

  private whenStopped(): Runtime {
    const rt = this.runtime();
    if (rt.state === 'running') throw new RequestError('the guest is running: pause it first');
    if (rt.state === 'ended') throw new RequestError('the guest has ended');
    if (!this.configured) throw new RequestError('send configurationDone first');
    return rt;
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'CPU 0')] };
    this.sendResponse(response);
  }

  private checkThread(threadId: unknown): void {
    if (threadId !== THREAD_ID) throw new RequestError(`no thread ${JSON.stringify(threadId)}: the guest has one virtual CPU, thread ${THREAD_ID}`);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    let rt: Runtime | undefined;
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      rt = this.whenStopped();
      response.body = { allThreadsContinued: true };
    });
    rt?.continue();
  }

  private stepRequest(response: DebugProtocol.Response, args: { threadId: number; granularity?: string }, line: StepKind, instruction: StepKind): void {
    let rt: Runtime | undefined;
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      rt = this.whenStopped();
    });
    rt?.step(args.granularity === 'instruction' || rt.lineTable.length === 0 ? instruction : line);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.stepRequest(response, args, 'over-line', 'over-instruction');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.stepRequest(response, args, 'line', 'instruction');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.stepRequest(response, args, 'out', 'out');
  }

  /** The runtime, stopped and able to go backwards. */
  private whenReversible(): Runtime {
    const rt = this.whenStopped();
    if (!rt.reversible) throw new RequestError('reverse execution is off: the launch configuration sets "historyMB": 0');
    return rt;
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    let rt: Runtime | undefined;
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      rt = this.whenReversible();
    });
    rt?.stepBack(args.granularity === 'instruction' || rt.lineTable.length === 0 ? 'instruction' : 'line');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    let rt: Runtime | undefined;
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      rt = this.whenReversible();
    });
    rt?.reverseContinue();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      const rt = this.runtime();
      if (rt.state === 'ended') throw new RequestError('the guest has ended');
      rt.pause();
    });
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    this.answer(response, () => {
      const rt = this.runtime();
      const file = args?.source?.path;
      if (typeof file !== 'string' || typeof args.line !== 'number') throw new RequestError('gotoTargets needs source.path and line');
      const entries = rt.lineTable.filter((e) => path.resolve(e.file) === path.resolve(file) && e.line === this.convertClientLineToDebugger(args.line));
      if (entries.length === 0) throw new RequestError(`no code on line ${args.line} of ${path.basename(file)}`);
      response.body = {
        targets: entries.map((e) => ({ id: e.address, label: `${hex(e.address, 8)}`, line: args.line, instructionPointerReference: hex(e.address, 8) })),
      };
    });
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    let rt: Runtime | undefined;
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      if (typeof args.targetId !== 'number') throw new RequestError('goto needs a targetId from gotoTargets');
      rt = this.whenStopped();
    });
    rt?.goto(args.targetId);
  }

  // ---- state -------------------------------------------------------------------------------

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.answer(response, () => {
      this.checkThread(args?.threadId);
      const rt = this.whenStopped();
      const frames = stackFrames(rt).map((f, i) => {
        const sf = new StackFrame(i + 1, f.name, f.file ? new Source(path.basename(f.file), f.file) : undefined, f.line ? this.convertDebuggerLineToClient(f.line) : 0, 1) as DebugProtocol.StackFrame;
        sf.instructionPointerReference = hex(f.address, 8);
        if (!f.file) sf.presentationHint = 'subtle';
        return sf;
      });
      const start = typeof args.startFrame === 'number' ? args.startFrame : 0;
      const levels = typeof args.levels === 'number' && args.levels > 0 ? args.levels : frames.length;
      response.body = { stackFrames: frames.slice(start, start + levels), totalFrames: frames.length };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.answer(response, () => {
      this.whenStopped();
      if (typeof args?.frameId !== 'number') throw new RequestError('scopes needs a frameId');
      response.body = { scopes: scopes().map((s) => Object.assign(new Scope(s.name, s.variablesReference, false), s)) };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, () => {
      this.whenStopped();
      const vars = this.variablesView.variables(args?.variablesReference, args.format?.hex === false);
      if (vars === undefined) throw new RequestError(`no variables with reference ${args?.variablesReference}`);
      response.body = { variables: vars };
    });
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.answer(response, () => {
      const rt = this.whenStopped();
      const value = compile(String(args?.value)).evaluate(rt.evalContext);
      const text = this.variablesView.set(args.variablesReference, String(args.name), value, args.format?.hex === false);
      rt.changed();
      response.body = { value: text };
      const global = args.variablesReference === REF.globals ? this.variablesView.global(String(args.name)) : undefined;
      if (global !== undefined) this.sendEvent(new MemoryEvent(hex(global.address, 8), 0, global.size));
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.answer(response, () => {
      const rt = this.runtime();
      if (rt.state === 'running') throw new RequestError('the guest is running: pause it to evaluate');
      response.body = evaluate(rt, String(args?.expression ?? ''), args.context, args.format?.hex === false);
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.answer(response, () => {
      const column = typeof args?.column === 'number' ? this.convertClientColumnToDebugger(args.column) : 1;
      const targets = completions(this.rt, String(args?.text ?? ''), column);
      for (const t of targets) if (t.start !== undefined) t.start = this.convertDebuggerColumnToClient(t.start);
      response.body = { targets };
    });
  }

  // ---- memory ------------------------------------------------------------------------------

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.answer(response, () => {
      const rt = this.whenStopped();
      const { space, address } = parseMemoryReference(args?.memoryReference);
      if (typeof args.count !== 'number' || args.count < 0) throw new RequestError('readMemory needs a count');
      const start = (address + (typeof args.offset === 'number' ? args.offset : 0)) >>> 0;
      const r = rt.memory.read(space, start, Math.min(args.count, 1 << 20));
      if (r.data.length === 0 && r.unreadable > 0) {
        response.body = { address: (space === 'physical' ? 'phys:' : '') + hex(start, 8), unreadableBytes: r.unreadable };
        return;
      }
      response.body = {
        address: (space === 'physical' ? 'phys:' : '') + hex(start, 8),
        data: Buffer.from(r.data).toString('base64'),
        unreadableBytes: r.unreadable,
      };
    });
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.answer(response, () => {
      const rt = this.whenStopped();
      const { space, address } = parseMemoryReference(args?.memoryReference);
      if (typeof args.data !== 'string') throw new RequestError('writeMemory needs data (base64)');
      const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
      const offset = typeof args.offset === 'number' ? args.offset : 0;
      const start = (address + offset) >>> 0;
      const readable = rt.memory.read(space, start, bytes.length).data.length;
      if (readable < bytes.length && !args.allowPartial) throw new RequestError(`cannot write ${bytes.length} byte(s) at ${hex(start, 8)}: only ${readable} are mapped`);
      const written = rt.writeMemory(space, start, bytes.subarray(0, readable));
      response.body = { offset, bytesWritten: written };
      if (written > 0) this.sendEvent(new MemoryEvent(String(args.memoryReference), offset, written));
    });
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.answer(response, () => {
      const rt = this.whenStopped();
      const { space, address } = parseMemoryReference(args?.memoryReference);
      if (space !== 'linear') throw new RequestError('disassemble works on guest-linear addresses');
      if (typeof args.instructionCount !== 'number') throw new RequestError('disassemble needs an instructionCount');
      response.body = { instructions: disassemble(rt, args, address) };
    });
  }

  /** Sources are the program's files on disk (source.path); none is served by reference. */
  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.answer(response, () => {
      const file = args?.source?.path;
      const known = typeof file === 'string' && this.runtime().lineTable.some((e) => path.resolve(e.file) === path.resolve(file));
      if (!known) throw new RequestError(`unknown source ${JSON.stringify(file ?? args?.sourceReference ?? null)}: the program's sources are files, opened by path`);
      response.body = { content: fs.readFileSync(file, 'utf8'), mimeType: 'text/x-nasm' };
    });
  }

  // ---- the contract's custom requests ------------------------------------------------------

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    this.answer(response, () => {
      if (!CUSTOM_REQUESTS.includes(command)) throw new RequestError(`unknown request '${command}'`);
      response.body = customRequest(command, this.runtime(), args);
    });
  }
}
