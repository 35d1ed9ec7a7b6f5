/**
 * Ordinary (non-SCIM) GitLab API traffic: runners, gitlab-shell, CI, API clients and browsers.
 * Used around SCIM requests in `mixed/` and as the bulk of big files.
 */
import type { Param, RequestSpec } from './logline.js'
import type { Rng } from './prng.js'

const USERS = [
  'rhendricks',
  'bgilfoyle',
  'dchugtai',
  'jdunn',
  'ebachman',
  'mhall',
  'gbelson',
  'nlitt',
  'jyang',
  'lbream',
  'hmcnally',
  'kthompson',
  'aolsen',
  'tmueller',
  'spatel',
  'cnguyen',
] as const

const PROJECTS = [
  'hooli/platform/api',
  'hooli/platform/web',
  'hooli/nucleus/core',
  'hooli/nucleus/video-chat',
  'hooli/infra/terraform',
  'hooli/infra/helm-charts',
  'piedpiper/middle-out',
  'piedpiper/compression-bench',
  'hooli/security/audit-tools',
  'hooli/data/pipelines',
] as const

/** Projects and values that mention SCIM without being SCIM requests. */
const SCIM_LOOKALIKE_PROJECTS = ['hooli/platform/scim-bridge', 'hooli/identity/okta-scim-sync'] as const

const CLIENT_UAS = [
  'python-gitlab/4.4.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'glab/1.39.0 (linux, amd64)',
  'Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-gitlab/16.11.0',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  'renovate/37.340.0',
] as const

const RUNNER_FEATURES = {
  variables: true,
  image: true,
  services: true,
  artifacts: true,
  cache: true,
  shared: true,
  upload_multiple_artifacts: true,
  refspecs: true,
  masking: true,
  proxy: false,
  trace_checksum: true,
  trace_size: true,
  cancelable: true,
  return_exit_code: true,
}

function ip(rng: Rng): string {
  return rng.pick([
    `34.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    `35.${rng.int(184, 243)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    `203.0.113.${rng.int(1, 254)}`,
    `192.0.2.${rng.int(1, 254)}`,
    `2001:db8:${rng.hex(4)}::${rng.hex(3)}`,
  ])
}

function user(rng: Rng): { id: number; username: string } {
  const i = rng.int(0, USERS.length - 1)
  return { id: 4000000 + i * 7919, username: USERS[i] ?? 'root' }
}

function sha(rng: Rng): string {
  return rng.hex(40)
}

export interface OtherOptions {
  /** Mention SCIM in a project name or a param value (must still not be read as a SCIM request). */
  scimMention?: boolean
  /** Use a non-ASCII character somewhere in the params. */
  unicode?: boolean
}

type Maker = (rng: Rng, project: string, options: OtherOptions) => Omit<RequestSpec, 'timeMs'>

const enc = (project: string) => encodeURIComponent(project)
const root = (project: string) => project.slice(0, project.indexOf('/'))

const MAKERS: Maker[] = [
  // Small reads from API clients and the web UI.
  (rng) => {
    const u = user(rng)
    return {
      status: 200,
      method: 'GET',
      path: '/api/v4/user',
      params: [],
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/user',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'user_profile',
      durationS: 0.02,
    }
  },
  (rng, project) => {
    const u = user(rng)
    return {
      status: rng.chance(0.97) ? 200 : 404,
      method: 'GET',
      path: `/api/v4/projects/${enc(project)}`,
      params: [{ key: 'id', value: project }],
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/projects/:id',
      user: u,
      featureCategory: 'groups_and_projects',
      durationS: 0.06,
      rootNamespace: root(project),
    }
  },
  // Runner polling for jobs: the most common API request on a busy instance.
  (rng) => {
    const version = rng.pick(['16.11.0', '16.10.1', '17.0.0', '16.9.2'])
    const params: Param[] = [
      { key: 'token', value: '[FILTERED]' },
      {
        key: 'info',
        value: {
          name: 'gitlab-runner',
          version,
          revision: rng.hex(8),
          platform: 'linux',
          architecture: rng.pick(['amd64', 'arm64']),
          executor: rng.pick(['docker+machine', 'kubernetes', 'docker', 'shell']),
          shell: 'bash',
          features: RUNNER_FEATURES,
          config: { gpus: '' },
        },
      },
      { key: 'last_update', value: rng.hex(32) },
    ]
    return {
      status: rng.chance(0.92) ? 204 : 201,
      method: 'POST',
      path: '/api/v4/jobs/request',
      params,
      remoteIp: ip(rng),
      ua: `gitlab-runner ${version} (${version.slice(0, 5).replace(/\./g, '-')}-stable; go1.21.9; linux/amd64)`,
      route: '/api/:version/jobs/request',
      featureCategory: 'continuous_integration',
      durationS: 0.02,
      urgency: 'low',
      contentLength: rng.int(900, 1400),
    }
  },
  // gitlab-shell asking whether a git push/pull is allowed.
  (rng, project) => ({
    status: 200,
    method: 'POST',
    path: '/api/v4/internal/allowed',
    params: [
      { key: 'action', value: rng.pick(['git-upload-pack', 'git-receive-pack']) },
      { key: 'changes', value: '_any' },
      { key: 'check_ip', value: ip(rng) },
      { key: 'gl_repository', value: `project-${rng.int(1000, 60000000)}` },
      { key: 'project', value: `/${project}.git` },
      { key: 'protocol', value: 'ssh' },
      { key: 'key_id', value: '[FILTERED]' },
      { key: 'username', value: rng.pick(USERS) },
      { key: 'relative_path', value: `${project}.git` },
      { key: 'secret_token', value: '[FILTERED]' },
    ],
    remoteIp: '10.218.0.4',
    ua: 'gitlab-shell/14.35.0',
    route: '/api/:version/internal/allowed',
    featureCategory: 'source_code_management',
    durationS: 0.09,
    gitaly: true,
    urgency: 'high',
    meta: { project },
    rootNamespace: root(project),
  }),
  // Listing merge requests from an API client.
  (rng, project, options) => {
    const u = user(rng)
    const params: Param[] = [
      { key: 'state', value: rng.pick(['opened', 'merged', 'all']) },
      { key: 'scope', value: 'all' },
      { key: 'order_by', value: 'updated_at' },
      { key: 'sort', value: 'desc' },
      { key: 'per_page', value: '100' },
      { key: 'page', value: String(rng.int(1, 4)) },
      { key: 'with_labels_details', value: 'false' },
      { key: 'id', value: project },
    ]
    if (options.scimMention) params.splice(3, 0, { key: 'labels', value: 'scim,okta' })
    return {
      status: 200,
      method: 'GET',
      path: `/api/v4/projects/${enc(project)}/merge_requests`,
      params,
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/projects/:id/merge_requests',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'code_review_workflow',
      durationS: 0.35,
      gitaly: rng.chance(0.4),
      meta: { project },
      rootNamespace: root(project),
    }
  },
  // CI job trace update.
  (rng) => {
    const job = rng.int(6000000000, 7000000000)
    return {
      status: 200,
      method: 'PUT',
      path: `/api/v4/jobs/${job}`,
      params: [
        { key: 'token', value: '[FILTERED]' },
        { key: 'state', value: rng.pick(['running', 'success', 'failed']) },
        { key: 'checksum', value: `crc32:${rng.hex(8)}` },
        { key: 'output', value: '[FILTERED]' },
        { key: 'exit_code', value: rng.pick([0, 1, 137]) },
        { key: 'failure_reason', value: rng.pick(['', 'script_failure', 'runner_system_failure']) },
        { key: 'id', value: String(job) },
      ],
      remoteIp: ip(rng),
      ua: 'gitlab-runner 16.11.0 (16-11-stable; go1.21.9; linux/amd64)',
      route: '/api/:version/jobs/:id',
      featureCategory: 'continuous_integration',
      durationS: 0.06,
      contentLength: rng.int(300, 900),
    }
  },
  // Commit status from an external CI.
  (rng, project, options) => {
    const u = user(rng)
    const ref = options.scimMention
      ? 'feature/scim-provisioning'
      : rng.pick(['main', 'develop', `fix/${rng.alnum(6)}`])
    return {
      status: 201,
      method: 'POST',
      path: `/api/v4/projects/${enc(project)}/statuses/${sha(rng)}`,
      params: [
        { key: 'state', value: rng.pick(['pending', 'running', 'success']) },
        { key: 'ref', value: ref },
        { key: 'name', value: options.unicode ? 'qualité/lint – ✓' : 'ci/jenkins' },
        {
          key: 'target_url',
          value: `https://jenkins.hooli.example/job/${rng.alnum(8)}/${rng.int(1, 4000)}/`,
        },
        { key: 'description', value: '[FILTERED]' },
        { key: 'coverage', value: rng.int(40, 99) + rng.int(0, 99) / 100 },
        { key: 'pipeline_id', value: rng.int(1000000000, 1300000000) },
        { key: 'id', value: project },
      ],
      remoteIp: ip(rng),
      ua: 'Jenkins GitLab Plugin/1.8.1',
      route: '/api/:version/projects/:id/statuses/:sha',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'continuous_integration',
      durationS: 0.2,
      meta: { project },
      rootNamespace: root(project),
      contentLength: rng.int(200, 500),
    }
  },
  // Reading a file from the repository.
  (rng, project, options) => {
    const u = user(rng)
    const file = options.scimMention
      ? 'docs/api/scim/users.md'
      : rng.pick(['README.md', 'package.json', '.gitlab-ci.yml', 'src/index.ts', 'go.mod'])
    return {
      status: rng.chance(0.95) ? 200 : 404,
      method: 'GET',
      path: `/api/v4/projects/${enc(project)}/repository/files/${enc(file)}/raw`,
      params: [
        { key: 'ref', value: rng.pick(['main', 'HEAD', 'v2.3.1']) },
        { key: 'lfs', value: 'false' },
        { key: 'id', value: project },
        { key: 'file_path', value: file },
      ],
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/projects/:id/repository/files/:file_path/raw',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'source_code_management',
      durationS: 0.08,
      gitaly: true,
      meta: { project },
      rootNamespace: root(project),
    }
  },
  // Project search from the web UI.
  (rng) => {
    const u = user(rng)
    return {
      status: 200,
      method: 'GET',
      path: '/api/v4/projects',
      params: [
        { key: 'search', value: '[FILTERED]' },
        { key: 'membership', value: 'true' },
        { key: 'simple', value: 'true' },
        { key: 'order_by', value: 'last_activity_at' },
        { key: 'per_page', value: '20' },
        { key: 'with_issues_enabled', value: 'false' },
        { key: 'with_merge_requests_enabled', value: 'false' },
      ],
      remoteIp: ip(rng),
      ua: CLIENT_UAS[1],
      route: '/api/:version/projects',
      user: u,
      featureCategory: 'groups_and_projects',
      durationS: 0.25,
    }
  },
  // Creating an issue.
  (rng, project, options) => {
    const u = user(rng)
    return {
      status: 201,
      method: 'POST',
      path: `/api/v4/projects/${enc(project)}/issues`,
      params: [
        { key: 'title', value: '[FILTERED]' },
        { key: 'description', value: '[FILTERED]' },
        {
          key: 'labels',
          value: options.scimMention ? 'scim,identity,bug' : rng.pick(['bug', 'feature', 'ops']),
        },
        { key: 'assignee_ids', value: [u.id] },
        { key: 'confidential', value: false },
        { key: 'due_date', value: `2024-0${rng.int(6, 9)}-${rng.int(10, 28)}` },
        { key: 'id', value: project },
      ],
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/projects/:id/issues',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'team_planning',
      durationS: 0.5,
      meta: { project },
      rootNamespace: root(project),
      contentLength: rng.int(300, 3000),
    }
  },
  // Group members listing (e.g. an access review script).
  (rng) => {
    const u = user(rng)
    return {
      status: 200,
      method: 'GET',
      path: `/api/v4/groups/${rng.int(1000000, 80000000)}/members/all`,
      params: [
        { key: 'per_page', value: '100' },
        { key: 'page', value: String(rng.int(1, 9)) },
        { key: 'state', value: 'active' },
        { key: 'show_seat_info', value: 'true' },
      ],
      remoteIp: ip(rng),
      ua: CLIENT_UAS[0],
      route: '/api/:version/groups/:id/members/all',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'groups_and_projects',
      durationS: 0.3,
    }
  },
  // Pipelines of a project.
  (rng, project) => {
    const u = user(rng)
    return {
      status: 200,
      method: 'GET',
      path: `/api/v4/projects/${enc(project)}/pipelines`,
      params: [
        { key: 'ref', value: 'main' },
        { key: 'status', value: rng.pick(['success', 'failed', 'running']) },
        { key: 'order_by', value: 'id' },
        { key: 'sort', value: 'desc' },
        { key: 'per_page', value: '50' },
        { key: 'updated_after', value: `2024-05-${rng.int(10, 28)}T00:00:00Z` },
        { key: 'id', value: project },
      ],
      remoteIp: ip(rng),
      ua: rng.pick(CLIENT_UAS),
      route: '/api/:version/projects/:id/pipelines',
      user: u,
      tokenType: 'PersonalAccessToken',
      featureCategory: 'continuous_integration',
      durationS: 0.15,
      meta: { project },
      rootNamespace: root(project),
    }
  },
  // A bad request with api_error (only 400s carry it).
  (rng, project) => {
    const u = user(rng)
    return {
      status: 400,
      method: 'POST',
      path: `/api/v4/projects/${enc(project)}/merge_requests`,
      params: [
        { key: 'source_branch', value: `feature/${rng.alnum(8)}` },
        { key: 'target_branch', value: 'main' },
        { key: 'title', value: '[FILTERED]' },
        { key: 'remove_source_branch', value: true },
        { key: 'squash', value: false },
        { key: 'id', value: project },
      ],
      remoteIp: ip(rng),
      ua: 'glab/1.39.0 (linux, amd64)',
      route: '/api/:version/projects/:id/merge_requests',
      user: u,
      tokenType: 'OauthAccessToken',
      featureCategory: 'code_review_workflow',
      durationS: 0.12,
      apiError: [`Another open merge request already exists for this source branch: !${rng.int(10, 9000)}`],
      meta: { project },
      rootNamespace: root(project),
      contentLength: rng.int(120, 400),
    }
  },
]

/** One ordinary API request (without a time). */
export function otherRequest(rng: Rng, options: OtherOptions = {}): Omit<RequestSpec, 'timeMs'> {
  const project = options.scimMention ? rng.pick(SCIM_LOOKALIKE_PROJECTS) : rng.pick(PROJECTS)
  let maker = rng.pick(MAKERS)
  // Mentions and unicode need a maker that has a place for them.
  if (options.scimMention) maker = rng.pick([MAKERS[4], MAKERS[6], MAKERS[7], MAKERS[9]] as Maker[])
  else if (options.unicode) maker = MAKERS[6] as Maker
  return maker(rng, project, options)
}
