// The editor commands: "Ringside: Debug Guest" starts a debug session on a guest file, and
// "Ringside: Run Guest" runs it headless (`bin/ringside run`) as a task, whose output shows in
// the terminal and whose assembler errors land in the Problems panel.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { ringsideCommand } from './adapter-factory';
import { activeGuest, guestLaunch } from './configuration-provider';

export const DEBUG_GUEST = 'ringside.debugGuest';
export const RUN_GUEST = 'ringside.runGuest';

function guestFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return activeGuest();
}

export async function debugGuest(arg?: unknown): Promise<boolean> {
  const guest = guestFrom(arg);
  if (!guest) {
    void vscode.window.showErrorMessage('Ringside: open a guest (.asm) file to debug it.');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(guest);
  return vscode.debug.startDebugging(folder, guestLaunch(guest));
}

/** Runs a guest headless; resolves with the run's exit code. */
export async function runGuest(extensionPath: string, arg?: unknown): Promise<number | undefined> {
  const guest = guestFrom(arg);
  if (!guest) {
    void vscode.window.showErrorMessage('Ringside: open a guest (.asm) file to run it.');
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === guest.toString());
  if (doc?.isDirty) await doc.save();
  const folder = vscode.workspace.getWorkspaceFolder(guest);
  const { command, args, env } = ringsideCommand(extensionPath, ['run', guest.fsPath]);
  const task = new vscode.Task(
    { type: 'ringside', program: guest.fsPath },
    folder ?? vscode.TaskScope.Workspace,
    `run ${path.basename(guest.fsPath)}`,
    'ringside',
    new vscode.ProcessExecution(command, args, { env, cwd: path.dirname(guest.fsPath) }),
    '$ringside-asm',
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  const execution = await vscode.tasks.executeTask(task);
  return new Promise((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution === execution) {
        sub.dispose();
        resolve(e.exitCode);
      }
    });
  });
}
