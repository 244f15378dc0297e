/**
 * What the fuzzing found, and where it was fixed: the record reports/fuzz/results.json carries
 * beside a run's figures. A problem found again makes the run fail; this list is its history.
 */
export interface Finding {
  problem: string;
  fix: string;
  files: string[];
}

export const FINDINGS: Finding[] = [
  {
    problem: 'Every datastore route answered 500: the ARM datastore schema did not compile under ajv strict mode.',
    fix: 'The schema says its required fields plainly; a unit test compiles every schema and definition.',
    files: ['specs/schemas/arm/datastore.schema.json', 'simulator/validation.test.ts'],
  },
  {
    problem: 'JSON nested 10,000 levels deep answered 500 (Maximum call stack size exceeded): the clone and the validator recurse.',
    fix: 'Bodies nesting more than 64 levels are refused from the text (JsonTooDeep); specs given to the client are checked without recursion first, cycles included.',
    files: ['simulator/http/app.ts', 'simulator/validation.ts'],
  },
  {
    problem: "A path segment over 100 characters or a broken % escape got fastify's own 414/400 body, not Azure's.",
    fix: "Fastify's framework errors go through the error handler (InvalidUrl); names may be 255 characters long.",
    files: ['simulator/http/app.ts'],
  },
  {
    problem: 'Bodies in another content type reached the schema ("properties is required"); bad JSON and unknown media types got a generic 400.',
    fix: 'JSON routes refuse other content types (415 UnsupportedMediaType); bad JSON is InvalidJson with the parser\'s words; "__proto__" keys are refused.',
    files: ['simulator/http/app.ts', 'simulator/http/control.ts', 'simulator/http/data-plane.ts'],
  },
  {
    problem: 'The long-running operation routes answered without any token; other ARM routes checked the body, the api-version and the resource before the token.',
    fix: 'The token is checked first, in the preHandler, for every ARM route (management) and the batch invocation (ml): a caller without one only gets 401.',
    files: ['simulator/http/app.ts', 'simulator/http/data-plane.ts'],
  },
  {
    problem: 'The token endpoint answered 500 to a JSON body with a non-string scope, and its refusals before the handler came in ARM\'s shape.',
    fix: "It reads a form only (AADSTS900144 names a missing parameter) and answers every error in OAuth2's shape.",
    files: ['simulator/http/identity.ts', 'simulator/http/app.ts'],
  },
  {
    problem: "A codeUri or modelUri file://host/... or with %2F answered 500; file://\\.. read the whole disk and answered 500; /proc files could be read without end.",
    fix: "URIs with '..' segments, bad file URLs and missing paths are refused naming the field (UnsupportedUri); local reads take regular files for their stated size, refuse the disk's root and more than 1 GiB, and turn file system errors into LocalPathUnreadable.",
    files: ['simulator/http/arm/local-paths.ts', 'simulator/client.ts'],
  },
  {
    problem: "A dataUri neither local nor in the cloud ('etc', 'azureml:data:1/../../x') was uploaded from the service's own disk, relative to /.",
    fix: 'A data version takes a cloud URI or an absolute local folder, without ..',
    files: ['simulator/http/arm/local-paths.ts', 'simulator/http/arm/assets.ts'],
  },
  {
    problem: "A batch invocation with InputData Uri '../../etc' uploaded the service's /etc as the job's input; %2e%2e datastore paths were taken.",
    fix: 'Over HTTP, inputs are registered data or cloud URIs and outputs cloud URIs, without ..',
    files: ['simulator/http/data-plane.ts'],
  },
  {
    problem: 'A datastore URI with a broken % escape answered 500 (URIError).',
    fix: 'It is refused as UnsupportedInputData.',
    files: ['simulator/storage/datastores.ts'],
  },
  {
    problem: 'An environment condaFile that is not YAML, or YAML of another shape, answered 500.',
    fix: 'It is refused naming properties.condaFile.',
    files: ['simulator/http/arm/assets.ts'],
  },
  {
    problem: 'POST /_sim/restore took a snapshot with wrong types (a resourceGroup as an array), after which every ARM route answered 500; online deployments were recreated after the switch, so a bad one left half a state.',
    fix: 'A snapshot is checked against its schema, then loaded whole into a new simulator before it replaces the state.',
    files: ['specs/schemas/snapshot.schema.json', 'simulator/http/snapshot.ts'],
  },
  {
    problem: "PUT /_sim/storage with a refused path ('..') still noted the container: a refused call changed the state.",
    fix: 'The path is checked before anything is noted.',
    files: ['simulator/storage/blobs.ts'],
  },
  {
    problem: "PUT created workspaces, computes, datastores and asset versions named 'a/../../b', '../../etc' or 'a\\u0000b'.",
    fix: "Each name in a PUT's path keeps Azure's rules for its kind (arm/common#/definitions/resourceNames), else InvalidResourceName.",
    files: ['specs/schemas/arm/common.schema.json', 'simulator/validation.ts', 'simulator/http/app.ts'],
  },
  {
    problem: "ARM fields were refused in the CLI's names (environmentId as 'environment', sku.capacity as 'num_replicas'), and ids with '..' segments were resolved by their tail.",
    fix: 'Asset ids are checked whole and refused naming the ARM field; sku.capacity has its range in the ARM schema.',
    files: ['simulator/http/arm/resource.ts', 'specs/schemas/arm/online-deployment.schema.json'],
  },
  {
    problem: "The online scoring front end's refusals (no deployment, not ready, timeouts) answered {message}, not Azure's error body.",
    fix: 'The refusal carries its SimError, which the data plane answers with.',
    files: ['simulator/online/serving.ts', 'simulator/online/model.ts', 'simulator/http/data-plane.ts'],
  },
  {
    problem: 'Error bodies of megabytes: each of 20,000 wrong fields listed, a 1 MB value quoted back in full.',
    fix: 'An error lists 20 problems and how many more; a message quotes 2 KB of a value and its length.',
    files: ['simulator/validation.ts', 'simulator/errors.ts', 'simulator/http/snapshot.ts'],
  },
  {
    problem: 'The client threw TypeError for an empty YAML deployment spec and for a YAML !!binary value (taken by the schema for an object); an empty code path read the whole working folder; local path errors did not name the field.',
    fix: 'Specs must be JSON values; the code folder is read only when named; local path errors name their field.',
    files: ['simulator/client.ts', 'simulator/validation.ts'],
  },
  {
    problem: 'Unclear errors: a missing body was "(root) must be object", an unknown empty key printed as nothing.',
    fix: 'A missing body is named as such; odd keys are quoted.',
    files: ['simulator/http/app.ts', 'simulator/validation.ts'],
  },
];
