// How VS Code reaches the debug adapter. By default it is the `bin/ringside dap` process that
// ships with the extension, run by the extension host's own JavaScript runtime (Node in a VS
// Code server, Electron as Node in the desktop app), so no separate Node install is needed.
// With `ringside.debugAdapter.inline` the same adapter (debug-adapter/session.ts) runs inside
// the extension host instead: handy when working on the adapter, same behaviour otherwise.

import * as path from 'node:path';
import * as vscode from 'vscode';

export const INLINE_SETTING = 'debugAdapter.inline';

/** The command line that runs `bin/ringside ARGS` with the extension host's runtime. */
export function ringsideCommand(extensionPath: string, args: string[]): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: process.execPath,
    args: [path.join(extensionPath, 'bin', 'ringside'), ...args],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}

export class RingsideAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    if (vscode.workspace.getConfiguration('ringside', session.workspaceFolder).get<boolean>(INLINE_SETTING)) {
      // Loaded on first use: the adapter carries the whole machine.
      const { RingsideSession } = await import('../../debug-adapter/session');
      return new vscode.DebugAdapterInlineImplementation(new RingsideSession());
    }
    const { command, args, env } = ringsideCommand(this.extensionPath, ['dap']);
    return new vscode.DebugAdapterExecutable(command, args, { env });
  }
}
