/** Short names for the API's shapes, as the OpenAPI document defines them. */

import type { components } from "./schema";

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
