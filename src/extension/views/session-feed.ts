// Which ringside debug session the views show, and when they must fetch again: a debug-adapter
// tracker sees every `stopped` event the adapter sends (breakpoints, steps, pauses, exceptions),
// so the views refresh on every stop; they clear when the session ends.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../launch-attributes';

export class SessionFeed implements vscode.Disposable {
  private readonly stopped = new vscode.EventEmitter<vscode.DebugSession>();
  private readonly ended = new vscode.EventEmitter<void>();
  /** Fires after a stop of the session the views follow; handlers fetch from it. */
  readonly onDidStop = this.stopped.event;
  /** Fires when the followed session ends: the views go back to their empty state. */
  readonly onDidEnd = this.ended.event;
  private followed: vscode.DebugSession | undefined;
  private readonly stoppedSessions = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.stopped,
      this.ended,
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string }) => {
            if (m.type !== 'event') return;
            if (m.event === 'stopped') this.sessionStopped(session);
            else if (m.event === 'continued') this.stoppedSessions.delete(session.id);
          },
          // a resume request: the guest runs until the next stopped event
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && m.command !== undefined && RESUMES.has(m.command)) this.stoppedSessions.delete(session.id);
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.sessionEnded(s)),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        // follow the session the user picked in the call stack, if it is a stopped ringside one
        if (s?.type === DEBUG_TYPE && s.id !== this.followed?.id && this.stoppedSessions.has(s.id)) this.sessionStopped(s);
      }),
    ];
  }

  /** The session the views show, while it lives. */
  get session(): vscode.DebugSession | undefined {
    return this.followed;
  }

  /** Whether the followed session's guest is stopped (the adapter answers only then). */
  get isStopped(): boolean {
    return this.followed !== undefined && this.stoppedSessions.has(this.followed.id);
  }

  private sessionStopped(session: vscode.DebugSession): void {
    this.followed = session;
    this.stoppedSessions.add(session.id);
    this.stopped.fire(session);
  }

  private sessionEnded(session: vscode.DebugSession): void {
    this.stoppedSessions.delete(session.id);
    if (session.id !== this.followed?.id) return;
    this.followed = undefined;
    this.ended.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

const RESUMES = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restart']);
