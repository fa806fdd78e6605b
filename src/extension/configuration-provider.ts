// Launch configurations for the `ringside` debug type: a configuration for the open guest when
// launch.json is empty (plain F5), "Debug this guest" in the dynamic list, and the checks that
// stop a bad configuration before any adapter starts: a missing program, an unknown monitor,
// boot mode or MMU, a guest that is not there, or one that does not assemble (whose errors go to
// the Problems panel). Every refusal is shown to the user and announced on `onDidRefuse`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GuestDiagnostics } from './diagnostics';
import { GUEST_LANGUAGE } from './guest-files';
import { DEBUG_TYPE, launchProblems } from './launch-attributes';

export function activeGuest(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === GUEST_LANGUAGE && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

export function guestLaunch(program: vscode.Uri, extra: Partial<vscode.DebugConfiguration> = {}): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(program.fsPath)}`, program: program.fsPath, stopOnEntry: false, ...extra };
}

export class RingsideConfigurationProvider implements vscode.DebugConfigurationProvider {
  private readonly refused = new vscode.EventEmitter<string>();
  /** Fires with the message each time a launch is refused. */
  readonly onDidRefuse = this.refused.event;

  constructor(private readonly diagnostics: GuestDiagnostics) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug guest', program: '${file}', stopOnEntry: true }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 with no launch.json: VS Code passes an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const guest = activeGuest();
      if (!guest) return this.refuse('open a guest (.asm) file to debug it, or add a "ringside" configuration to launch.json');
      return guestLaunch(guest, { stopOnEntry: true });
    }
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const problems = launchProblems(config);
    if (problems.length > 0) return this.refuse(problems.join('; '));
    const base = folder?.uri.fsPath ?? (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath || process.cwd());
    const program = path.resolve(base, config.program as string);
    if (!fs.existsSync(program)) return this.refuse(`the guest program ${program} does not exist`);
    if (/\.(asm|nasm|s)$/i.test(program)) {
      const errors = this.diagnostics.check(program).filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        const first = errors[0];
        return this.refuse(
          `${path.basename(program)} does not assemble (${errors.length} error${errors.length > 1 ? 's' : ''}; ` +
            `first: ${path.basename(first.file)}:${first.line}: ${first.message}). See the Problems panel.`,
          true,
        );
      }
    }
    return { ...config, program };
  }

  private refuse(message: string, offerProblems = false): undefined {
    this.refused.fire(message);
    const actions = offerProblems ? ['Show Problems'] : [];
    void vscode.window.showErrorMessage(`Ringside: ${message}`, ...actions).then((pick) => {
      if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return undefined;
  }

  dispose(): void {
    this.refused.dispose();
  }
}

/** "Debug this guest" in the Run and Debug view's dynamic list (no launch.json needed). */
export class DynamicGuestConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const guest = activeGuest();
    if (!guest) return [];
    return [guestLaunch(guest, { name: `Debug this guest (${path.basename(guest.fsPath)})`, stopOnEntry: true })];
  }
}
