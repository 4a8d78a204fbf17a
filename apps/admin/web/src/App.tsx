import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { AnnouncementCreate, AnnouncementList } from './announcements';
import { AuditLotList, AuditReplay } from './audit';
import { authProvider } from './authProvider';
import { BookingsCalendar } from './bookings';
import { AuditCheckpoints } from './checkpoints';
import { Dashboard } from './dashboard';
import { dataProvider } from './dataProvider';
import { DisplayCreate, DisplayList, DisplayShow } from './displays';
import { EmployeeImport } from './employee-import';
import { EmployeeOffboarding } from './employee-offboarding';
import { EmployeeCreate, EmployeeEdit, EmployeeList } from './employees';
import { i18nProvider } from './i18n';
import { AdminLayout } from './layout';
import { LoginPage } from './LoginPage';
import { KnowledgeSourceCreate, KnowledgeSourceEdit, KnowledgeSourceList } from './knowledge';
import { LotCreate, LotList, LotShow } from './lots';
import { OfficeCreate, OfficeEdit, OfficeList, RoomCreate, RoomEdit, RoomList } from './rooms';
import { ShillReport } from './shill';
import { SwitchEdit, SwitchList } from './switches';
import { TokenCreate, TokenList } from './tokens';

/** Admins run the company's day; auditors see the audit views only (the back end refuses them the rest too). */
export function App() {
  return (
    <Admin
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={AdminLayout}
      loginPage={LoginPage}
      dashboard={Dashboard}
      disableTelemetry
      title="Megabot admin"
      requireAuth
    >
      {(roles: string[]) => [
        ...(roles.includes('admin')
          ? [
              <Resource key="lots" name="lots" options={{ label: 'Lots' }} list={LotList} show={LotShow} create={LotCreate} />,
              <Resource key="shill-report" name="shill-report" options={{ label: 'Shill signals' }} list={ShillReport} />,
              <Resource key="employees" name="employees" options={{ label: 'Employees' }} list={EmployeeList} create={EmployeeCreate} edit={EmployeeEdit} />,
              <Resource key="offices" name="offices" options={{ label: 'Offices' }} list={OfficeList} create={OfficeCreate} edit={OfficeEdit} />,
              <Resource key="rooms" name="rooms" options={{ label: 'Rooms' }} list={RoomList} create={RoomCreate} edit={RoomEdit} />,
              <Resource key="bookings" name="bookings" options={{ label: 'Bookings' }} list={BookingsCalendar} />,
              <Resource key="displays" name="displays" options={{ label: 'Door displays' }} list={DisplayList} create={DisplayCreate} show={DisplayShow} />,
              <Resource key="switches" name="switches" options={{ label: 'Feature switches' }} list={SwitchList} edit={SwitchEdit} />,
              <Resource key="tokens" name="tokens" options={{ label: 'Access tokens' }} list={TokenList} create={TokenCreate} />,
              <CustomRoutes key="employee-routes">
                <Route path="/employees/import" element={<EmployeeImport />} />
                <Route path="/employees/:id/offboarding" element={<EmployeeOffboarding />} />
              </CustomRoutes>,
              <Resource
                key="knowledge-sources"
                name="knowledge-sources"
                options={{ label: 'Knowledge sources' }}
                list={KnowledgeSourceList}
                create={KnowledgeSourceCreate}
                edit={KnowledgeSourceEdit}
              />,
              <Resource key="announcements" name="announcements" options={{ label: 'Announcements' }} list={AnnouncementList} create={AnnouncementCreate} />,
            ]
          : []),
        <Resource key="audit-lots" name="audit-lots" options={{ label: 'Audit: lots' }} list={AuditLotList} />,
        <Resource key="audit-checkpoints" name="audit-checkpoints" options={{ label: 'Audit: checkpoints' }} list={AuditCheckpoints} />,
        <CustomRoutes key="audit-routes">
          <Route path="/audit/:lotId" element={<AuditReplay />} />
        </CustomRoutes>,
      ]}
    </Admin>
  );
}
