import type { DependencyContainer, InjectionToken } from 'tsyringe';

function tokenName(token: InjectionToken<unknown>): string {
  if (typeof token === 'function') return token.name || '(anonymous class)';
  if (typeof token === 'symbol') return token.toString();
  if (typeof token === 'string') return token;
  return '(token)';
}

/**
 * Watches tsyringe's global container — the host's copy and the one the plugin resolves, if it
 * ships its own — and records every registration made into it. `@singleton()` and `@registry()`
 * register there when their class is defined; every `register*` method ends in `register`, so
 * wrapping that one method on the instance sees them all.
 */
export class GlobalRegistrationGuard {
  private readonly tokens = new Set<string>();

  install(pluginDir: string): void {
    const containers = new Set<DependencyContainer>();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    containers.add((require('tsyringe') as typeof import('tsyringe')).container);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      containers.add((require(require.resolve('tsyringe', { paths: [pluginDir] })) as typeof import('tsyringe')).container);
    } catch {
      // the plugin does not use tsyringe at all
    }
    for (const container of containers) {
      const register = container.register.bind(container) as (...args: unknown[]) => DependencyContainer;
      const watched = (token: InjectionToken<unknown>, ...rest: unknown[]): DependencyContainer => {
        this.tokens.add(tokenName(token));
        return register(token, ...rest);
      };
      (container as unknown as { register: typeof watched }).register = watched;
    }
  }

  /** Tokens registered globally since `install`. */
  registered(): string[] {
    return [...this.tokens];
  }
}
