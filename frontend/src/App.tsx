import { Route, Routes } from "react-router-dom";

import { OnlyLoggedOut, RequireLogin } from "./auth/RequireLogin";
import { Layout } from "./components/Layout";
import { AdminInvitationsPage } from "./pages/admin/AdminInvitationsPage";
import { AdminLayout } from "./pages/admin/AdminLayout";
import { AdminLogPage } from "./pages/admin/AdminLogPage";
import { AdminOverviewPage } from "./pages/admin/AdminOverviewPage";
import { AdminPeoplePage } from "./pages/admin/AdminPeoplePage";
import { EditPostPage } from "./pages/EditPostPage";
import { ExplorePage } from "./pages/ExplorePage";
import { FeedPage } from "./pages/FeedPage";
import { LoginPage } from "./pages/LoginPage";
import { NewPostPage } from "./pages/NewPostPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { NotificationsPage } from "./pages/NotificationsPage";
import { PeoplePage } from "./pages/PeoplePage";
import { PostPage } from "./pages/PostPage";
import { ForgotPasswordPage } from "./pages/recovery/ForgotPasswordPage";
import { ResetPasswordPage } from "./pages/recovery/ResetPasswordPage";
import { VerifyEmailPage } from "./pages/recovery/VerifyEmailPage";
import { ProfilePage } from "./pages/ProfilePage";
import { SavedPage } from "./pages/SavedPage";
import { SearchPage } from "./pages/SearchPage";
import { DeleteAccountPage } from "./pages/settings/DeleteAccountPage";
import { NotificationSettingsPage } from "./pages/settings/NotificationSettingsPage";
import { PasswordSettingsPage } from "./pages/settings/PasswordSettingsPage";
import { ProfileSettingsPage } from "./pages/settings/ProfileSettingsPage";
import { SignupPage } from "./pages/signup/SignupPage";
import { TagPage } from "./pages/TagPage";

/** The app's pages, at the same paths as the HTML site's (under /app). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route element={<OnlyLoggedOut />}>
          <Route path="login" element={<LoginPage />} />
          <Route path="signup" element={<SignupPage />} />
          <Route path="invite/:token" element={<SignupPage />} />
          <Route path="forgot" element={<ForgotPasswordPage />} />
        </Route>
        {/* One-time links work logged in or out: a reset ends every login anyway. */}
        <Route path="reset/:token" element={<ResetPasswordPage />} />
        <Route path="verify/:token" element={<VerifyEmailPage />} />
        <Route element={<RequireLogin />}>
          <Route index element={<FeedPage key="all" tab="all" />} />
          <Route path="following" element={<FeedPage key="following" tab="following" />} />
          <Route path="posts/new" element={<NewPostPage />} />
          <Route path="p/:postId" element={<PostPage />} />
          <Route path="p/:postId/edit" element={<EditPostPage />} />
          <Route path="saved" element={<SavedPage />} />
          <Route path="u/:username" element={<ProfilePage />} />
          <Route path="u/:username/followers" element={<PeoplePage list="followers" />} />
          <Route path="u/:username/following" element={<PeoplePage list="following" />} />
          <Route path="settings/profile" element={<ProfileSettingsPage />} />
          <Route path="settings/password" element={<PasswordSettingsPage />} />
          <Route path="settings/delete" element={<DeleteAccountPage />} />
          <Route path="admin" element={<AdminLayout />}>
            <Route index element={<AdminOverviewPage />} />
            <Route path="people" element={<AdminPeoplePage />} />
            <Route path="invitations" element={<AdminInvitationsPage />} />
            <Route path="log" element={<AdminLogPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
          {/* Issue 10: notifications, hashtags, search and Explore. */}
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="settings/notifications" element={<NotificationSettingsPage />} />
          <Route path="tags/:tag" element={<TagPage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="explore" element={<ExplorePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
