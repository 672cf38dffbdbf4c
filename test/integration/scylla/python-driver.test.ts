/** ScyllaDB's Python driver judges the simulator in front of the suite's real node (see python-faithfulness.ts). */
import { pythonFaithfulnessSuite } from './python-faithfulness';
import { startSimulator } from './scylla-fixture';

pythonFaithfulnessSuite(() => startSimulator(32), 1);
