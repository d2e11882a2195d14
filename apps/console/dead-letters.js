// Dead letters (#/dead-letters): outbox messages given up on, with the reason, in the caller's
// countries (GET /v1/outbox/dead-letters); each can be sent again with a reason (POST
// /v1/outbox/dead-letters/retry). The view takes the page's helpers so it shares their behaviour.

/**
 * @param {{ main: HTMLElement, h: Function, api: Function, answerBox: Function, time: Function,
 *   current: () => boolean }} ui
 */
export async function deadLettersView(ui) {
  const { main, h, api, answerBox, time, current } = ui;
  const body = h('div', { id: 'dead-letters' }, h('p.muted', {}, 'Loading…'));
  const answer = h('div', { id: 'retry-answer' });
  const live = h('span.live', { id: 'live' });
  main.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← Cases')),
    h('h1', {}, 'Dead letters', live),
    h('p.muted', {}, 'Messages the outbox gave up on. Fix the cause, then send one again with a reason.'),
    answer,
    body,
  );

  const retryForm = (d) => {
    const reason = h('input', {
      name: 'reason',
      required: true,
      minlength: 3,
      placeholder: 'what was fixed',
      'aria-label': `Reason to retry ${d.messageId}`,
    });
    return h(
      'form.inline',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          if (!e.target.reportValidity()) return;
          try {
            await api('POST', '/v1/outbox/dead-letters/retry', {
              messageId: d.messageId,
              reason: reason.value.trim(),
            });
            answer.replaceChildren(answerBox(202, {}, `Retry of ${d.messageId} queued`));
          } catch (err) {
            answer.replaceChildren(
              answerBox(
                err.status ?? 0,
                err.body ?? { error: 'network', message: String(err.message ?? err) },
              ),
            );
          }
          await load();
        },
      },
      reason,
      h('button', { type: 'submit', 'data-retry': d.messageId }, 'Retry'),
    );
  };

  const load = async () => {
    if (!current()) return;
    try {
      const { deadLetters = [] } = await api('GET', '/v1/outbox/dead-letters');
      if (!current()) return;
      body.replaceChildren(
        deadLetters.length
          ? h(
              'table',
              { id: 'dead-letter-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Case', 'Message', 'To', 'Reason', 'Attempts', 'Given up', ''].map((c) => h('th', {}, c)),
                ),
              ),
              h(
                'tbody',
                {},
                deadLetters.map((d) =>
                  h(
                    'tr',
                    { 'data-message': d.messageId },
                    h('td.mono', {}, h('a', { href: `#/case/${d.caseId}` }, d.caseId)),
                    h('td', {}, d.type),
                    h('td.mono', {}, d.destination),
                    h('td', {}, d.reason ?? ''),
                    h('td', {}, String(d.attempts)),
                    h('td', {}, time(d.deadAt)),
                    h('td', {}, retryForm(d)),
                  ),
                ),
              ),
            )
          : h('p.muted', { id: 'no-dead-letters' }, 'No dead letters in your scope.'),
      );
      live.textContent = `updated ${new Date().toLocaleTimeString()} · ${deadLetters.length}`;
    } catch (err) {
      if (!current()) return;
      body.replaceChildren(
        answerBox(err.status ?? 0, err.body ?? { error: 'network', message: String(err.message ?? err) }),
      );
    }
  };
  // Not polled like the case list: a reload would wipe a reason being typed. It reloads after a retry.
  await load();
}
