// The PC platform below the CPU: guest-physical memory, the I/O bus, the devices at their ISA
// addresses, virtual time, and the run loop a CPU plugs into.
//
//   0x20-0x21, 0xA0-0xA1  8259A PICs        0x40-0x43  8254 PIT (channel 0 -> IRQ0)
//   0x60, 0x64            8042 keyboard controller (A20, reset; IRQ1)
//   0x61                  system control B (PIT channel 2 gate and OUT)
//   0x70-0x71             CMOS/RTC (IRQ8)   0x80       POST codes
//   0x92                  system control A  0xE9       debug console
//   0xF4-0xF7             isa-debug-exit    0x3F8-0x3FF 16550 UART COM1 (IRQ4)
//
// The platform knows nothing of monitors or debuggers; they reach it through the memory's
// write-watches and views, the bus's interceptor, the output sink and snapshots.

import { Clock, ClockSnapshot, DEFAULT_INSTRUCTIONS_PER_SECOND } from './clock';
import { CmosRtc, CmosState, DEFAULT_RTC_START } from './devices/cmos-rtc';
import { DebugConsole } from './devices/debug-console';
import { DebugExit } from './devices/debug-exit';
import { DualPic, DualPicState, InterruptController } from './devices/dual-pic';
import { I8042, I8042State } from './devices/i8042';
import { Pit8254, PitChannelState } from './devices/pit8254';
import { PostCodes, PostCodeState } from './devices/post-codes';
import { SystemControlA } from './devices/system-control-a';
import { SystemControlB } from './devices/system-control-b';
import { Uart16550, UartState } from './devices/uart16550';
import { IoBus } from './io-bus';
import { GuestMemory, MemorySnapshot } from './memory/guest-memory';
import { OutputSink } from './output';

export const DEFAULT_MEMORY_MB = 32;
export const COM1_BASE = 0x3f8;
export const COM1_IRQ = 4;
export const RTC_IRQ = 8;

/**
 * The seam where the CPU plugs in (memory is `pc.memory`, ports `pc.io`, INTR/INTA
 * `pc.interrupts`). `run` executes instructions while `pc.clock.now < pc.clock.stopAt`,
 * adding one to `clock.now` per instruction and keeping it exact whenever it touches a port or
 * MMIO; it takes interrupts at instruction boundaries when EFLAGS.IF allows; when halted it
 * calls `clock.idle()` to skip to the next event. It returns undefined when the slice ended,
 * or a reason to end the run ('triple-fault', 'halted' with interrupts off or nothing left to
 * wait for, ...). A CPU with a one-instruction `step()` fits in a few lines:
 *
 *   while (clock.now < clock.stopAt) {
 *     const before = cpu.instructions;
 *     cpu.step();
 *     clock.now += cpu.instructions - before;
 *     if (!cpu.halted || (IF && pc.interrupts.hasInterrupt())) continue;
 *     if (!IF || clock.stopAt === Infinity) return 'halted';
 *     clock.idle();
 *   }
 */
export interface Processor {
  run(): string | undefined;
  /** The processor's reset state (CS:EIP = F000:FFF0). */
  reset(): void;
  snapshot(): unknown;
  restore(state: unknown): void;
}

export type ExitRequest = { kind: 'debug-exit'; code: number } | { kind: 'reset' };

export type RunResult =
  | { reason: 'exit'; request: ExitRequest }
  | { reason: 'limit' }
  | { reason: 'cpu'; detail: string };

export interface PcOptions {
  memoryMB?: number;
  instructionsPerSecond?: number;
  /** RTC time at power-on, seconds since 1970. */
  rtcStart?: number;
  output?: OutputSink;
}

interface DeviceStates {
  readonly pic: DualPicState;
  readonly pit: PitChannelState[];
  readonly uart: UartState;
  readonly cmos: CmosState;
  readonly systemControlA: number;
  readonly systemControlB: number;
  readonly keyboardController: I8042State;
  readonly post: PostCodeState;
}

export interface PcSnapshot {
  readonly clock: ClockSnapshot;
  readonly memory: MemorySnapshot;
  readonly devices: DeviceStates;
  readonly exitRequest: ExitRequest | undefined;
  readonly cpu: unknown;
}

export class Pc {
  readonly clock: Clock;
  readonly memory: GuestMemory;
  readonly io = new IoBus();
  readonly pic: DualPic;
  readonly pit: Pit8254;
  readonly uart: Uart16550;
  readonly cmos: CmosRtc;
  readonly systemControlA: SystemControlA;
  readonly systemControlB: SystemControlB;
  readonly keyboardController: I8042;
  readonly post = new PostCodes();
  /** Set when the guest asked for the run to end (debug exit) or for a reset. */
  exitRequest: ExitRequest | undefined;
  private cpu: Processor | undefined;
  private readonly powerOn: { pic: DualPicState; uart: UartState; keyboardController: I8042State };

  constructor(options: PcOptions = {}) {
    const output = options.output ?? { write: () => {} };
    this.clock = new Clock(options.instructionsPerSecond ?? DEFAULT_INSTRUCTIONS_PER_SECOND);
    this.memory = new GuestMemory((options.memoryMB ?? DEFAULT_MEMORY_MB) * 1024 * 1024);
    this.pic = new DualPic(() => this.clock.requestStop());
    this.pit = new Pit8254(this.clock, (level) => this.pic.setIrq(0, level));
    this.uart = new Uart16550(COM1_BASE, (b) => output.write('serial', b), (level) => this.pic.setIrq(COM1_IRQ, level));
    this.cmos = new CmosRtc(this.clock, this.memory.ramBytes, (level) => this.pic.setIrq(RTC_IRQ, level), options.rtcStart ?? DEFAULT_RTC_START);
    this.systemControlA = new SystemControlA(this.memory, () => this.requestExit({ kind: 'reset' }));
    this.systemControlB = new SystemControlB(this.clock, this.pit);
    this.keyboardController = new I8042({
      a20: this.memory,
      requestReset: () => this.requestExit({ kind: 'reset' }),
      setIrq: (level) => this.pic.setIrq(1, level),
    });

    this.io.register(0x20, 2, this.pic);
    this.io.register(0xa0, 2, this.pic);
    this.io.register(0x40, 4, this.pit);
    this.io.register(0x60, 1, this.keyboardController);
    this.io.register(0x61, 1, this.systemControlB);
    this.io.register(0x64, 1, this.keyboardController);
    this.io.register(0x70, 2, this.cmos);
    this.io.register(0x80, 1, this.post);
    this.io.register(0x92, 1, this.systemControlA);
    this.io.register(0xe9, 1, new DebugConsole((b) => output.write('debugcon', b)));
    this.io.register(0xf4, 4, new DebugExit((code) => this.requestExit({ kind: 'debug-exit', code })));
    this.io.register(COM1_BASE, 8, this.uart);
    this.powerOn = { pic: this.pic.snapshot(), uart: this.uart.snapshot(), keyboardController: this.keyboardController.snapshot() };
  }

  /** The INTR line and INTA cycle the CPU consumes. */
  get interrupts(): InterruptController {
    return this.pic;
  }

  attachCpu(cpu: Processor): void {
    this.cpu = cpu;
  }

  /** Bytes typed at COM1 by the host. */
  serialInput(bytes: Iterable<number>): void {
    this.uart.receive(bytes);
  }

  requestExit(request: ExitRequest): void {
    this.exitRequest ??= request;
    this.clock.requestStop();
  }

  /**
   * Runs the attached CPU for at most `maxInstructions` slots of virtual time, firing device
   * events between slices, until the guest asks to exit, the limit is reached or the CPU stops.
   */
  run(maxInstructions = Infinity): RunResult {
    const cpu = this.cpu;
    if (cpu === undefined) throw new Error('no CPU attached');
    const limit = this.clock.now + maxInstructions;
    for (;;) {
      this.clock.fireDue();
      if (this.exitRequest !== undefined) return { reason: 'exit', request: this.exitRequest };
      if (this.clock.now >= limit) return { reason: 'limit' };
      this.clock.setLimit(limit);
      const stop = cpu.run();
      if (stop !== undefined) return { reason: 'cpu', detail: stop };
    }
  }

  /**
   * A hardware reset: the PICs, PIT, UART, keyboard controller, ports 0x61 and 0x92 and the CPU return to their power-on state
   * and A20 is enabled; RAM, the CMOS (and its clock) and the POST code record persist.
   */
  reset(): void {
    this.pic.restore(this.powerOn.pic);
    this.uart.restore(this.powerOn.uart);
    this.keyboardController.restore(this.powerOn.keyboardController);
    this.systemControlA.bits = 0;
    this.systemControlB.bits = 0;
    this.pit.reset();
    this.memory.a20Enabled = true;
    this.exitRequest = undefined;
    this.cpu?.reset();
  }

  snapshot(): PcSnapshot {
    return {
      clock: this.clock.snapshot(),
      memory: this.memory.snapshot(),
      devices: this.deviceStates(),
      exitRequest: this.exitRequest,
      cpu: this.cpu?.snapshot(),
    };
  }

  restore(s: PcSnapshot): void {
    this.clock.restore(s.clock);
    this.memory.restore(s.memory);
    this.restoreDevices(s.devices);
    this.exitRequest = s.exitRequest;
    if (s.cpu !== undefined) this.cpu?.restore(s.cpu);
  }

  private deviceStates(): DeviceStates {
    return {
      pic: this.pic.snapshot(),
      pit: this.pit.snapshot(),
      uart: this.uart.snapshot(),
      cmos: this.cmos.snapshot(),
      systemControlA: this.systemControlA.bits,
      systemControlB: this.systemControlB.bits,
      keyboardController: this.keyboardController.snapshot(),
      post: this.post.snapshot(),
    };
  }

  private restoreDevices(d: DeviceStates): void {
    this.pic.restore(d.pic);
    this.pit.restore(d.pit);
    this.uart.restore(d.uart);
    this.cmos.restore(d.cmos);
    this.systemControlA.bits = d.systemControlA;
    this.systemControlB.bits = d.systemControlB;
    this.keyboardController.restore(d.keyboardController);
    this.post.restore(d.post);
  }
}
