import { startDemoServer, type DemoServer } from '@livecast/demo';
import type { Page } from 'playwright-core';
import { suiteEnv } from '../../support/suite-env';

/** A demo server in front of the suite's gateways (and any extra gateway ports), on a free port. */
export function startSuiteDemo(extraGatewayPorts: number[] = []): Promise<DemoServer> {
  const env = suiteEnv();
  return startDemoServer({
    port: 0,
    gatewayPorts: [...env.gateways.map((url) => Number(new URL(url).port)), ...extraGatewayPorts],
    membershipUrl: env.membership,
    jwtSecret: env.jwtSecret,
  });
}

/** Picks a name on the page and waits until the session joined with it. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.fill('#name', name);
  await page.click('#signin button');
  await page.waitForSelector('#composer:not([hidden])');
  await page.waitForSelector('body[data-session="joined"]');
  await page.waitForSelector('#conn[data-state="connected"]');
}

/** Sends from the page's composer. */
export async function say(page: Page, text: string, kind = 'chat'): Promise<void> {
  await page.selectOption('#kind', kind);
  await page.fill('#text', text);
  await page.click('#composer button');
}

/** Texts of the message lines on the page. */
export function lines(page: Page): Promise<string[]> {
  return page.$$eval('#messages .msg:not(.marker) .text', (spans) => spans.map((span) => span.textContent ?? ''));
}
