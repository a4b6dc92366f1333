/**
 * SDK method names, derived from an operation's method and canonical path so that an endpoint
 * declared later gets a name without more work: `GET /coocook/chefs` → `listChefs`,
 * `GET /coocook/chefs/{id}` → `getChef`, `POST /coocook/bookings/{id}/pay` → `payBooking`.
 * Where the seeds name a method, or the rule reads badly, OVERRIDES says the name.
 */
export const OVERRIDES: Record<string, string> = {
  // The seeds' own names (seeds/000 and 001).
  'POST /coocook/bookings': 'bookChef',
  // Where the rule reads badly or two routes would share a name.
  'POST /auth/verify-2fa': 'verify2faLogin',
  'POST /auth/2fa/backup-codes': 'regenerateBackupCodes',
  'GET /auth/2fa/backup-codes': 'getBackupCodes',
  'PUT /auth/password/reset/{token}': 'completePasswordReset',
  'GET /auth/.well-known/jwks.json': 'getJwks',
  'GET /auth/oauth/{provider}/url': 'getAuthorizeUrl',
  'GET /auth/oauth/{provider}/callback': 'callbackRedirect',
  'POST /auth/oauth/{provider}/callback': 'callback',
  'POST /settings/password': 'changePassword',
  'GET /payment/success': 'getCheckoutSuccess',
  'GET /payment/cancel': 'getCheckoutCancel',
  'POST /payment/invoice': 'createInvoice',
  'DELETE /payment/subscriptions/{id}': 'cancelSubscription',
  'POST /files/presigned-upload': 'createPresignedUpload',
  'POST /files/presigned-url': 'createPresignedUrl',
  'DELETE /coocook/chefs/{id}/follow': 'unfollowChef',
  'GET /recipes/mine': 'listMyRecipes',
  'GET /recipes/trending': 'listTrendingRecipes',
  'GET /recipes/new': 'listNewRecipes',
  'GET /recipes/{id}/similar': 'listSimilarRecipes',
  'GET /shopping-list/{id}/costs': 'getCosts',
  'POST /shopping-list/{id}/items': 'addItem',
  'GET /settings/notifications': 'getPreferences',
  'PUT /settings/notifications': 'updatePreferences',
  'GET /i18n/strings/{lang}': 'listStrings',
  'POST /i18n/strings': 'setStrings',
  'GET /i18n/download/{lang}': 'downloadLanguagePack',
  'POST /search/full-text': 'searchFullText',
  'GET /search/facets': 'getFacets',
  'POST /search/saved': 'saveSearch',
  'GET /search/saved': 'listSavedSearches',
  'DELETE /search/saved/{id}': 'deleteSavedSearch',
  'GET /search/trending': 'getTrendingQueries',
  // AI Automation: seed 001's singular paths, named as the domain reads.
  'GET /ai-automation/workflow': 'listWorkflows',
  'POST /ai-automation/workflow': 'createWorkflow',
  'GET /ai-automation/workflow/{id}': 'getWorkflow',
  'PUT /ai-automation/workflow/{id}': 'updateWorkflow',
  'DELETE /ai-automation/workflow/{id}': 'deleteWorkflow',
  'POST /ai-automation/workflow/{id}/run': 'runWorkflow',
  'GET /ai-automation/workflow/{id}/runs': 'listRuns',
  'GET /ai-automation/workflow/{id}/runs/{run_id}': 'getRun',
  'GET /ai-automation/task': 'listTasks',
  'POST /ai-automation/task': 'createTask',
  'GET /ai-automation/task/{id}': 'getTask',
  'PUT /ai-automation/task/{id}': 'updateTask',
  'POST /ai-automation/task/{id}/execute': 'executeTask',
  'GET /ai-automation/templates': 'listTemplates',
  'GET /ai-automation/templates/{id}': 'getTemplate',
  // Review: the seeds' `client.review.getListings()`, and names that read as the domain does.
  'GET /review/aggregated': 'getListings',
  'GET /review/listings/bookmarked': 'listBookmarkedListings',
  'DELETE /review/listings/{id}/bookmark': 'unbookmarkListing',
  'POST /review/scrape/now': 'scrapeNow',
  'GET /review/accounts/{id}/stats': 'getAccountStats',
  'POST /review/applications/{id}/review': 'submitReview',
  'DELETE /review/applications/{id}': 'withdrawApplicationById',
  'POST /review/rewards/{id}/confirm-received': 'confirmRewardReceived',
  'GET /review/analytics': 'getAnalytics',
  'GET /review/analytics/earnings': 'getEarnings',
  'POST /sns/linkinbio': 'createLink',
  'GET /sns/linkinbio': 'listLinks',
  'GET /sns/linkinbio/{id}': 'getLink',
  'PUT /sns/linkinbio/{id}': 'updateLink',
  'DELETE /sns/linkinbio/{id}': 'deleteLink',
  'GET /sns/linkinbio/{id}/stats': 'getLinkStats',
  'GET /sns/bio/{slug}': 'getBioPage',
  'GET /sns/bio/{slug}/{link_id}': 'openBioLink',
  'GET /sns/analytics/post/{id}': 'getPostAnalytics',
  'POST /sns/automate': 'createAutomation',
  'GET /sns/automate': 'listAutomations',
  'GET /sns/automate/{id}': 'getAutomation',
  'PUT /sns/automate/{id}': 'updateAutomation',
  'DELETE /sns/automate/{id}': 'deleteAutomation',
  'POST /sns/automate/{id}/run': 'runAutomation',
  'GET /sns/roi': 'getRoi',
  // Moderation and admin analytics.
  'POST /reports': 'reportContent',
  'GET /admin/flagged-content': 'listFlaggedContent',
  'GET /admin/flagged-content/{id}': 'getReport',
  'PUT /admin/flagged-content/{id}': 'resolveReport',
  'POST /admin/flagged-content/{id}/remove': 'removeReportedContent',
  'GET /admin/subscriptions/stats': 'getSubscriptionStats',
  'GET /admin/subscriptions/churn-analysis': 'getChurnAnalysis',
  'POST /admin/subscriptions/{id}/refund': 'refundSubscription',
  'DELETE /admin/subscriptions/{id}': 'cancelSubscription',
  'GET /analytics/export': 'exportAnalytics',
  'GET /analytics/users': 'getUserAnalytics',
  'GET /admin/metrics/revenue': 'getRevenueMetrics',
  'GET /admin/metrics/users': 'getUserMetrics',
  'GET /admin/metrics/engagement': 'getEngagementMetrics',
  'GET /admin/metrics/sns': 'getSnsMetrics',
  'GET /admin/metrics/reviews': 'getReviewMetrics',
  'GET /admin/metrics/health': 'getHealthMetrics',
  // WebApp Builder: seed 001's singular paths name collections and items alike.
  'POST /webapp-builder/site': 'createSite',
  'GET /webapp-builder/site': 'listSites',
  'GET /webapp-builder/site/{id}': 'getSite',
  'PUT /webapp-builder/site/{id}': 'updateSite',
  'DELETE /webapp-builder/site/{id}': 'deleteSite',
  'POST /webapp-builder/site/{id}/publish': 'publishSite',
  'GET /webapp-builder/site/{id}/publish': 'getPublication',
  'POST /webapp-builder/site/{id}/rollback': 'rollbackSite',
  'GET /webapp-builder/site/{id}/preview': 'previewSite',
  'GET /webapp-builder/site/{id}/submissions': 'listSubmissions',
  'POST /webapp-builder/page': 'createPage',
  'POST /webapp-builder/component': 'createComponent',
  'POST /sites/{slug}/forms/{component_id}': 'submitForm',
};

/** Operations no SDK exposes, and why. */
export const NOT_IN_SDK: Record<string, string> = {
  'POST /payment/webhook': 'called by Stripe, with its signature, never by a client',
  'GET /sites/{slug}': "a published site's HTML page, for browsers",
  'GET /sites/{slug}/{page}': "a published site's HTML page, for browsers",
};

const camel = (words: string[]): string =>
  words
    .map((w, i) => {
      const clean = w.replace(/[^A-Za-z0-9]/g, '');
      return i === 0 ? clean.charAt(0).toLowerCase() + clean.slice(1) : clean.charAt(0).toUpperCase() + clean.slice(1);
    })
    .join('');

/** 'meal-plans' → ['meal', 'plans'] */
const wordsOf = (segment: string): string[] => segment.split(/[-_.]/).filter(Boolean);
const singular = (word: string): string =>
  word.endsWith('ies') ? `${word.slice(0, -3)}y` : /(us|ss)$/.test(word) ? word : word.endsWith('s') ? word.slice(0, -1) : word;
const plural = (word: string): string => (word.endsWith('s') ? word : `${word}s`);
const isParam = (segment: string) => segment.startsWith('{');

/** The key OVERRIDES and NOT_IN_SDK use: the method and the path after `/api/v1`. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/^\/api\/v\d+(?=\/)/, '')}`;
}

/** The camelCase method name of an operation in its tag's group. */
export function methodName(method: string, path: string, tag: string): string {
  const key = operationKey(method, path);
  if (OVERRIDES[key]) return OVERRIDES[key];
  const verb = method.toUpperCase();
  const segments = key.split(' ')[1].split('/').filter(Boolean);
  // The service or tag segments at the front name the group, not the method.
  const front = new Set([segments[0], tag, 'oauth']);
  while (segments.length && front.has(segments[0])) segments.shift();
  const endsWithParam = segments.length > 0 && isParam(segments[segments.length - 1]);
  const named = segments.filter((s) => !isParam(s));
  const tagWords = wordsOf(tag);
  if (named.length === 0) {
    // The tag's own collection: /orders, /orders/{id}.
    const one = [...tagWords.slice(0, -1), singular(tagWords[tagWords.length - 1])];
    const many = [...tagWords.slice(0, -1), plural(tagWords[tagWords.length - 1])];
    if (endsWithParam)
      return camel([{ GET: 'get', PUT: 'update', PATCH: 'update', DELETE: 'delete', POST: 'act' }[verb] ?? 'call', ...one]);
    return camel([verb === 'GET' ? 'list' : verb === 'POST' ? 'create' : verb.toLowerCase(), ...(verb === 'GET' ? many : one)]);
  }
  const last = named[named.length - 1];
  const lastWords = wordsOf(last);
  const before = named.slice(0, -1).flatMap((s) => wordsOf(s).map(singular));
  if (endsWithParam) {
    // An item of a collection: /chefs/{id}, /items/{item_id}.
    const noun = [...before, ...lastWords.slice(0, -1), singular(lastWords[lastWords.length - 1])];
    return camel([{ GET: 'get', PUT: 'update', PATCH: 'update', DELETE: 'delete', POST: 'act' }[verb] ?? 'call', ...noun]);
  }
  const collection = /[^us]s$/.test(lastWords[lastWords.length - 1]);
  if (verb === 'GET') return camel([collection ? 'list' : 'get', ...before, ...lastWords]);
  if (verb === 'PUT' || verb === 'PATCH') return camel(['update', ...before, ...lastWords]);
  if (verb === 'DELETE') return camel(['delete', ...before, ...lastWords]);
  if (collection) return camel(['create', ...before, ...lastWords.slice(0, -1), singular(lastWords[lastWords.length - 1])]);
  // POST to a verb: /bookings/{id}/pay → payBooking, /auth/login → login.
  return camel([...lastWords, ...before]);
}

/** The group a tag becomes: 'shopping-list' → 'shoppingList'. */
export function groupName(tag: string): string {
  return camel(wordsOf(tag));
}

/** camelCase → snake_case, digits kept with their word: verify2faLogin → verify_2fa_login. */
export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([a-z])([0-9])/g, '$1_$2')
    .toLowerCase();
}
