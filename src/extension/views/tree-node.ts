// The items the monitor views show: plain data (so tests can read what a view holds) turned
// into TreeItems in one place.

import * as vscode from 'vscode';

export interface TreeNode {
  /** Stable across refreshes, so VS Code keeps what the user expanded; unique in the view. */
  id?: string;
  label: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  /** A codicon id such as 'warning' or 'symbol-field'. */
  icon?: string;
  /** A theme color for the icon, e.g. 'charts.yellow' for changed values. */
  iconColor?: string;
  /** Drives the view/item/context menus. */
  contextValue?: string;
  command?: vscode.Command;
  children?: TreeNode[];
  expanded?: boolean;
  /** What the node stands for (a region, a block, an exit), for commands run on it. */
  data?: unknown;
}

/** The item that says plainly why a view has nothing to show. */
export function messageNode(text: string, icon = 'info'): TreeNode {
  return { label: text, icon, tooltip: text, contextValue: 'ringside.message' };
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const state = node.children === undefined
    ? vscode.TreeItemCollapsibleState.None
    : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  item.contextValue = node.contextValue;
  item.command = node.command;
  return item;
}
