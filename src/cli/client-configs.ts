/**
 * Ready-to-paste client configurations with absolute paths (for `doctor` and the README).
 */

export interface Launch {
  node: string;
  script: string;
  dbPath?: string | undefined;
}

export interface ClientConfig {
  client: string;
  where: string;
  text: string;
}

function env(launch: Launch): Record<string, string> | undefined {
  return launch.dbPath ? { AGENTINTROS_DB: launch.dbPath } : undefined;
}

export function clientConfigs(launch: Launch, platform = process.platform): ClientConfig[] {
  const direct = { command: launch.node, args: [launch.script, 'mcp'], env: env(launch) };
  // On Windows a desktop client resolves commands through cmd, which also finds node on PATH.
  const windows = {
    command: 'cmd',
    args: ['/c', launch.node, launch.script, 'mcp'],
    env: env(launch),
  };
  const server = platform === 'win32' ? windows : direct;
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const envFlag = launch.dbPath ? ` --env AGENTINTROS_DB=${quote(launch.dbPath)}` : '';
  return [
    {
      client: 'Claude Desktop',
      where:
        platform === 'win32'
          ? '%APPDATA%\\Claude\\claude_desktop_config.json'
          : platform === 'darwin'
            ? '~/Library/Application Support/Claude/claude_desktop_config.json'
            : '~/.config/Claude/claude_desktop_config.json',
      text: json({ mcpServers: { agentintros: server } }),
    },
    {
      client: 'Cursor',
      where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      text: json({ mcpServers: { agentintros: server } }),
    },
    {
      client: 'VS Code',
      where: '.vscode/mcp.json',
      text: json({ servers: { agentintros: { type: 'stdio', ...server } } }),
    },
    {
      client: 'Claude Code',
      where: 'a shell',
      text: `claude mcp add agentintros --scope user${envFlag} -- ${[server.command, ...server.args].map(quote).join(' ')}`,
    },
  ];
}

function quote(value: string): string {
  return /^[\w./:\\-]+$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;
}
