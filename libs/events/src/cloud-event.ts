export { CloudEvent, eventSubject } from '@sf/contracts';
