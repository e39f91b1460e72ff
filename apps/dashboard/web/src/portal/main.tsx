import { mount } from '../shared/mount';
import { PortalApp } from './app';

mount(<PortalApp />);
