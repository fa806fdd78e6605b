// The extension's entry: wires the language features, the debugger and the commands together.
// Each piece lives in its own file; this one only registers them.

import * as vscode from 'vscode';
import { RingsideAdapterFactory } from './adapter-factory';
import { DEBUG_GUEST, debugGuest, RUN_GUEST, runGuest } from './commands';
import { DynamicGuestConfigurations, RingsideConfigurationProvider } from './configuration-provider';
import { GuestDiagnostics } from './diagnostics';
import { GuestDocumentSymbolProvider } from './document-symbols';
import { GUEST_LANGUAGE } from './guest-files';
import { MnemonicHoverProvider } from './hover';
import { DEBUG_TYPE } from './launch-attributes';
import { GuestDefinitionProvider, GuestReferenceProvider } from './navigation';
import { MonitorViews, registerMonitorViews } from './views/monitor-views';

/** What the extension hands to other extensions (and to its own tests). */
export interface RingsideApi {
  /** Fires with the message shown when a launch configuration is refused. */
  readonly onDidRefuseLaunch: vscode.Event<string>;
  /** The assembler's diagnostics, as published in the Problems panel. */
  readonly diagnostics: vscode.DiagnosticCollection;
  /** The views in the Run and Debug container (their data providers) and the session they follow. */
  readonly views: MonitorViews;
}

export function activate(context: vscode.ExtensionContext): RingsideApi {
  const selector: vscode.DocumentSelector = { language: GUEST_LANGUAGE };
  const diagnostics = new GuestDiagnostics();
  const configurations = new RingsideConfigurationProvider(diagnostics);

  context.subscriptions.push(
    diagnostics,
    configurations,
    vscode.languages.registerDocumentSymbolProvider(selector, new GuestDocumentSymbolProvider(), { label: 'Ringside' }),
    vscode.languages.registerDefinitionProvider(selector, new GuestDefinitionProvider()),
    vscode.languages.registerReferenceProvider(selector, new GuestReferenceProvider()),
    vscode.languages.registerHoverProvider(selector, new MnemonicHoverProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicGuestConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new RingsideAdapterFactory(context.extensionPath)),
    vscode.commands.registerCommand(DEBUG_GUEST, (uri?: vscode.Uri) => debugGuest(uri)),
    vscode.commands.registerCommand(RUN_GUEST, (uri?: vscode.Uri) => runGuest(context.extensionPath, uri)),
  );
  const views = registerMonitorViews(context);
  return { onDidRefuseLaunch: configurations.onDidRefuse, diagnostics: diagnostics.collection, views };
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
