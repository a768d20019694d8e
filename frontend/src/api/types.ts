/** Short names for the API's shapes, as the OpenAPI document defines them. */

import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Post = Schemas["Post"];
export type PostPage = Schemas["PostPage"];
export type Comment = Schemas["Comment"];
export type CommentPage = Schemas["CommentPage"];
export type Author = Schemas["Author"];
export type Image = Schemas["Image"];
export type Profile = Schemas["Profile"];
export type PeoplePage = Schemas["PeoplePage"];
export type Me = Schemas["Me"];
export type Tokens = Schemas["Tokens"];
export type Notification = Schemas["Notification"];
export type NotificationSettings = Schemas["NotificationSettings"];
export type TagInfo = Schemas["TagInfo"];
export type SearchPage = Schemas["SearchPage"];

/** The JSON body of a path's answer, whatever name the server gave its schema. */
type Json<Answer> = Answer extends { content: { "application/json": infer Body } } ? Body : never;

export type RegistrationMode = Json<paths["/api/v1/site"]["get"]["responses"][200]>["registration_mode"];
export type InvitationInfo = Json<paths["/api/v1/invitations/{token}"]["get"]["responses"][200]>;
export type AdminPeoplePage = Json<paths["/api/v1/admin/people"]["get"]["responses"][200]>;
export type AdminPerson = AdminPeoplePage["items"][number];
export type ResetLink = Json<paths["/api/v1/admin/people/{username}/reset-link"]["post"]["responses"][201]>;
export type InvitationPage = Json<paths["/api/v1/admin/invitations"]["get"]["responses"][200]>;
export type Invitation = InvitationPage["items"][number];
export type NewInvitation = Json<paths["/api/v1/admin/invitations"]["post"]["requestBody"]>;
export type LogPage = Json<paths["/api/v1/admin/log"]["get"]["responses"][200]>;
export type LogEntry = LogPage["items"][number];
