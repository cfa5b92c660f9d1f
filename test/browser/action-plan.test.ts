// The action plan in a real browser: a manager opens it from the navigation, adds an objective and
// an action (after being shown what is missing), reports progress with a RAG change, adds a
// service migration, filters the plan to overdue actions and changes the objective; the action's
// owner, an officer with no performance role, opens it and adds a note. Every page is checked for
// WCAG 2.2 AA with axe-core; with SHOTS_DIR set each is saved at 320 and 1280 pixels wide.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { checkPage, describeInBrowser, signInAs } from '../support/browser.js';

// One journey in steps: each step has its own time limit on a busy machine.
describeInBrowser('the action plan in a browser', (use) => {
  let manager: Page;
  let actionUrl = '';

  it('a manager opens the plan and adds an objective, after being told what is missing', async () => {
    manager = await use().newPage();
    await signInAs(manager, 'manager@brackenfield.example', DEMO_PASSWORD);
    await manager.getByRole('link', { name: 'Action plan', exact: true }).first().click();
    expect(await manager.locator('h1').textContent()).toBe('Action plan');
    await checkPage(manager, 'plan-empty');

    await manager.getByRole('link', { name: 'Add an objective' }).first().click();
    await checkPage(manager, 'objective-new');
    await manager.getByLabel('Place in the plan').fill('');
    await manager.getByRole('button', { name: 'Add objective' }).click();
    const objectiveErrors = await manager.locator('.govuk-error-summary').textContent();
    expect(objectiveErrors).toContain('Enter the objective’s title');
    expect(objectiveErrors).toContain('Enter where the objective comes in the plan');
    await checkPage(manager, 'objective-errors');
    await manager.getByLabel('Title').fill('Resolve more enquiries at first contact');
    await manager.getByLabel('Description (optional)').fill('Bring front-line contact for the busiest services into customer services.');
    await manager.getByLabel('Place in the plan').fill('1');
    await manager.getByRole('button', { name: 'Add objective' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Objective added');
  });

  it('adds an action, after being told what is missing, and records progress with a RAG change', async () => {
    await manager.getByRole('link', { name: /^Add an action/ }).click();
    await checkPage(manager, 'action-new');
    await manager.getByRole('button', { name: 'Add action' }).click();
    const summary = manager.locator('.govuk-error-summary');
    for (const message of ['Enter the action’s title', 'Select who owns this action', 'Enter the due date', 'Select the action’s RAG status']) expect(await summary.textContent()).toContain(message);
    await checkPage(manager, 'action-errors');
    await summary.getByRole('link', { name: 'Enter the due date' }).click();
    expect(await manager.evaluate(() => document.activeElement?.id)).toBe('dueOn-day');

    await manager.getByLabel('Title').fill('Publish every bin day online');
    await manager.getByLabel('Owner').selectOption({ label: 'Tom Evans' });
    await manager.locator('#dueOn-day').fill('1');
    await manager.locator('#dueOn-month').fill('12');
    await manager.locator('#dueOn-year').fill('2026');
    await manager.getByLabel('In progress').check();
    await manager.getByLabel('Amber: at risk').check();
    await manager.getByRole('button', { name: 'Add action' }).click();
    expect(await manager.locator('h1').textContent()).toBe('Publish every bin day online');
    expect(await manager.locator('.govuk-tag', { hasText: 'Overdue' }).count()).toBe(1);
    await checkPage(manager, 'action');

    await manager.getByLabel('Add a progress note').fill('Waste team has sent the rounds. The web team will publish them next week.');
    await manager.getByLabel('Red: off track').check();
    await manager.getByRole('button', { name: 'Add progress note' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Progress note added');
    expect(await manager.locator('.app-progress').textContent()).toContain('RAG status changed from Amber: at risk to Red: off track');
    await checkPage(manager, 'action-progress');
    actionUrl = manager.url();
    await manager.getByRole('link', { name: 'Change this action' }).click();
    await checkPage(manager, 'action-edit');
  });

  it('adds a service migration and filters the plan to overdue actions', async () => {
    await manager.goto('/staff/performance/action-plan/actions/new');
    await manager.getByLabel('Objective').selectOption({ label: 'Resolve more enquiries at first contact' });
    await manager.getByLabel('Title').fill('Move council tax calls into the contact centre');
    await manager.getByLabel('Owner').selectOption({ label: 'Sam Whitfield' });
    await manager.locator('#dueOn-day').fill('31');
    await manager.locator('#dueOn-month').fill('3');
    await manager.locator('#dueOn-year').fill('2027');
    await manager.getByLabel('In progress').check();
    await manager.getByLabel('Green: on track').check();
    await manager.getByLabel('Service migration', { exact: true }).check();
    await manager.getByLabel('Service moving into customer services').selectOption({ index: 1 });
    await manager.locator('#plannedOn-day').fill('1');
    await manager.locator('#plannedOn-month').fill('10');
    await manager.locator('#plannedOn-year').fill('2026');
    await manager.getByRole('button', { name: 'Add action' }).click();
    expect(await manager.locator('h2', { hasText: 'First contact resolution for' }).count()).toBe(1);
    await checkPage(manager, 'migration');

    await manager.goto('/staff/performance/action-plan');
    await checkPage(manager, 'plan');
    await manager.getByLabel('Only overdue actions').check();
    await manager.getByRole('button', { name: 'Apply filters' }).click();
    expect(await manager.locator('table').textContent()).toContain('Publish every bin day online');
    expect(await manager.locator('table').textContent()).not.toContain('Move council tax calls');
    await checkPage(manager, 'plan-overdue');

    await manager.getByRole('link', { name: /^Change the objective/ }).click();
    await checkPage(manager, 'objective-edit');
  });

  it('lets the owner, an officer with no performance role, add a note', async () => {
    // The owner, an officer, opens the action (the overdue email links there) and adds a note.
    const owner = await use().newPage();
    await signInAs(owner, 'officer@brackenfield.example', DEMO_PASSWORD);
    await owner.goto(actionUrl);
    expect(await owner.locator('h1').textContent()).toBe('Publish every bin day online');
    await owner.getByRole('button', { name: 'Add progress note' }).click();
    expect(await owner.locator('.govuk-error-summary').textContent()).toContain('Enter the progress note');
    await checkPage(owner, 'owner-errors');
    await owner.getByLabel('Add a progress note').fill('Published the first three rounds.');
    await owner.getByRole('button', { name: 'Add progress note' }).click();
    expect(await owner.locator('.app-progress').textContent()).toContain('Published the first three rounds.');
    await checkPage(owner, 'owner-action');
  });
});
