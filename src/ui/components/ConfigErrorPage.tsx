export interface ConfigProblemView {
  readonly path: string;
  readonly message: string;
}

export function ConfigErrorPage({ problems }: { problems: readonly ConfigProblemView[] }) {
  return (
    <main className="config-error" role="alert" aria-label="Configuration error">
      <h1>The viewer's configuration is not valid</h1>
      <p>Fix <code>config.json</code> on the server and reload. Problems found:</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}><code>{p.path}</code>: {p.message}</li>
        ))}
      </ul>
    </main>
  );
}
