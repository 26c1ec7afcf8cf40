/* global HTMLElement, customElements, CustomEvent, setInterval, clearInterval */
/**
 * <embark-checklist token="…">: the onboarding checklist of one user, on the tenant's own site.
 * Served by Embark at /embed/checklist.js; no dependencies, no build step, no cookies.
 *
 *   <script src="https://embark.example.com/embed/checklist.js" defer></script>
 *   <embark-checklist token="<from POST /api/v1/embed-tokens>"></embark-checklist>
 *
 * Attributes: token (required; minted by your backend, short-lived), api (Embark's address; default
 * where this script came from), poll (seconds between refreshes, default 30, 0 for none; it also
 * refreshes when the page regains focus). Events: `embark-checklist-change` (detail: the checklists),
 * `embark-token-expired` (set a new token attribute: the element reloads with it).
 * Theme with CSS custom properties on the element: --embark-font, --embark-color, --embark-background,
 * --embark-accent, --embark-accent-text, --embark-muted, --embark-border, --embark-radius, --embark-done.
 * Parts: checklist, title, progress, tasks, task, link, button, dismiss.
 */
(() => {
  if (customElements.get('embark-checklist')) return;
  const scriptOrigin = document.currentScript && document.currentScript.src ? new URL(document.currentScript.src).origin : window.location.origin;

  const STYLE = `
    :host { display: block; font: var(--embark-font, 14px/1.45 system-ui, sans-serif); color: var(--embark-color, #1f2328); }
    :host([hidden]) { display: none; }
    section { background: var(--embark-background, #fff); border: 1px solid var(--embark-border, #d0d7de); border-radius: var(--embark-radius, 8px); padding: 1em 1.25em; margin: 0 0 1em; }
    h2 { font-size: 1.1em; margin: 0 0 .5em; }
    .progress { display: flex; align-items: center; gap: .75em; margin: 0 0 .75em; color: var(--embark-muted, #57606a); }
    progress { flex: 1; accent-color: var(--embark-accent, #0969da); height: .6em; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; align-items: center; gap: .6em; padding: .4em 0; border-top: 1px solid var(--embark-border, #d0d7de); }
    li:first-child { border-top: 0; }
    .mark { width: 1.2em; text-align: center; font-weight: bold; color: var(--embark-muted, #57606a); }
    li[data-completed="true"] .mark { color: var(--embark-done, #1a7f37); }
    li[data-completed="true"] .task-title { text-decoration: line-through; color: var(--embark-muted, #57606a); }
    .task-title { flex: 1; }
    .task-title small { display: block; color: var(--embark-muted, #57606a); }
    a { color: var(--embark-accent, #0969da); }
    button { font: inherit; border-radius: var(--embark-radius, 8px); border: 1px solid var(--embark-accent, #0969da); background: var(--embark-accent, #0969da); color: var(--embark-accent-text, #fff); padding: .2em .8em; cursor: pointer; }
    button.secondary { background: transparent; color: var(--embark-accent, #0969da); }
    button:focus-visible, a:focus-visible { outline: 2px solid var(--embark-accent, #0969da); outline-offset: 2px; }
    .footer { margin: .75em 0 0; text-align: right; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .error { color: #cf222e; margin: 0; }
  `;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  /** Only links that go somewhere on the web: the server accepts http(s) URLs and paths, nothing else. */
  function safeLink(link) {
    return typeof link === 'string' && (/^https?:\/\//i.test(link) || (link.startsWith('/') && !link.startsWith('//'))) ? link : null;
  }

  class EmbarkChecklist extends HTMLElement {
    static get observedAttributes() {
      return ['token', 'api', 'poll'];
    }

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.shadowRoot.append(el('style', {}, STYLE), el('div', { class: 'root' }));
      this.items = null;
      this.error = null;
      this.busy = false;
      this.refresh = () => {
        if (document.visibilityState !== 'hidden') this.load();
      };
    }

    connectedCallback() {
      window.addEventListener('focus', this.refresh);
      document.addEventListener('visibilitychange', this.refresh);
      this.schedule();
      this.load();
    }

    disconnectedCallback() {
      window.removeEventListener('focus', this.refresh);
      document.removeEventListener('visibilitychange', this.refresh);
      clearInterval(this.timer);
    }

    attributeChangedCallback(name, before, after) {
      if (!this.isConnected || before === after) return;
      if (name === 'poll') this.schedule();
      else this.load();
    }

    schedule() {
      clearInterval(this.timer);
      const seconds = Number(this.getAttribute('poll') ?? 30);
      if (Number.isFinite(seconds) && seconds > 0) this.timer = setInterval(this.refresh, Math.max(seconds, 5) * 1000);
    }

    async call(method, path) {
      const token = this.getAttribute('token');
      if (!token) throw new Error('no token');
      const base = (this.getAttribute('api') || scriptOrigin).replace(/\/+$/, '');
      const response = await fetch(`${base}/api/v1/embed${path}`, { method, mode: 'cors', credentials: 'omit', headers: { authorization: `Bearer ${token}` } });
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) this.dispatchEvent(new CustomEvent('embark-token-expired', { bubbles: true, composed: true, detail: { code: body.code, detail: body.detail } }));
      if (!response.ok) throw new Error(body.detail || `Embark answered ${response.status}`);
      return body;
    }

    async load() {
      if (!this.getAttribute('token')) return;
      await this.run(() => this.call('GET', '/onboarding'));
    }

    async run(action, focusAfter) {
      try {
        const answer = await action();
        this.items = answer.items;
        this.error = null;
        this.dispatchEvent(new CustomEvent('embark-checklist-change', { bubbles: true, composed: true, detail: { items: answer.items } }));
      } catch (error) {
        this.error = error.message;
      }
      this.render(focusAfter);
    }

    act(method, path, focusAfter) {
      if (this.busy) return;
      this.busy = true;
      this.run(() => this.call(method, path), focusAfter).finally(() => {
        this.busy = false;
      });
    }

    render(focusAfter) {
      const root = this.shadowRoot.querySelector('.root');
      root.replaceChildren();
      if (this.error) root.append(el('p', { class: 'error', role: 'alert' }, `The checklist could not be loaded: ${this.error}`));
      // shown while there is something left to do, and not dismissed
      const shown = (this.items || []).filter((c) => !c.dismissed_at && !c.completed);
      this.toggleAttribute('data-empty', shown.length === 0);
      for (const checklist of shown) root.append(this.renderChecklist(checklist));
      if (focusAfter) {
        const target = root.querySelector(`[data-focus="${focusAfter}"]`);
        if (target) target.focus();
      }
    }

    renderChecklist(checklist) {
      const titleId = `embark-${checklist.key}-title`;
      const { done, required } = checklist.progress;
      const tasks = el('ul', { part: 'tasks' });
      for (const task of checklist.tasks) {
        const link = safeLink(task.link);
        const title = link ? el('a', { href: link, part: 'link' }, task.title) : el('span', {}, task.title);
        const label = el('span', { class: 'task-title' }, title, el('span', { class: 'sr-only' }, task.completed ? ' (done)' : ' (to do)'), task.description ? el('small', {}, task.description) : null);
        const path = `/onboarding/complete/${encodeURIComponent(task.slug)}?checklist=${encodeURIComponent(checklist.key)}`;
        let button = null;
        if (task.manual) {
          const focus = `${checklist.key}/${task.slug}`;
          button = el('button', { type: 'button', part: 'button', class: task.completed ? 'secondary' : null, 'data-focus': focus, 'aria-label': `${task.completed ? 'Undo' : 'Mark done'}: ${task.title}` }, task.completed ? 'Undo' : 'Mark done');
          button.addEventListener('click', () => this.act(task.completed ? 'DELETE' : 'POST', path, focus));
        }
        tasks.append(el('li', { part: 'task', 'data-slug': task.slug, 'data-completed': String(task.completed) }, el('span', { class: 'mark', 'aria-hidden': 'true' }, task.completed ? '✓' : '○'), label, button));
      }
      const dismiss = el('button', { type: 'button', part: 'dismiss', class: 'secondary', 'aria-label': `Dismiss ${checklist.title}` }, 'Dismiss');
      dismiss.addEventListener('click', () => this.act('POST', `/onboarding/dismiss?checklist=${encodeURIComponent(checklist.key)}`));
      return el(
        'section',
        { part: 'checklist', 'aria-labelledby': titleId, 'data-checklist': checklist.key },
        el('h2', { id: titleId, part: 'title' }, checklist.title),
        el('p', { class: 'progress', part: 'progress', role: 'status' }, el('progress', { max: required || 1, value: done, 'aria-label': `${checklist.title} progress` }), el('span', { 'data-progress': '' }, `${done} of ${required} done`)),
        tasks,
        el('p', { class: 'footer' }, dismiss),
      );
    }
  }

  customElements.define('embark-checklist', EmbarkChecklist);
})();
