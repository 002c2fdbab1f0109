import type { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import type { AppConfig } from '@frist/config';
import { AppModule } from '../app.module';

/** Every controller the API serves, read from AppModule's imports (metadata only: nothing is instantiated). */
export function apiControllers(config: AppConfig): Type[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = (m: unknown): void => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const dynamic = typeof m === 'object' && 'module' in m ? (m as DynamicModule) : undefined;
    const cls = (dynamic?.module ?? m) as Type;
    const meta = (key: string) => (Reflect.getMetadata(key, cls) as unknown[] | undefined) ?? [];
    for (const c of [...meta(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) controllers.add(c as Type);
    for (const i of [...meta(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) visit(i);
  };
  visit(AppModule.forConfig(config));
  return [...controllers];
}
